import { maskPhone } from '../../domain/src/index.js';

/** What an operator sees on a job in Bull Board: `shop · alimtalk → 010****5678`, never the whole number. */
export const jobTitle = (leg: string, recipient: string, tenantId?: string): string => `${tenantId ? `${tenantId} · ` : ''}${leg} → ${maskPhone(recipient)}`;

/** The notification a job is about, as every job builder takes it (a row, or a campaign's row). */
export interface JobTarget {
  id: string;
  /** Shown in Bull Board; absent only on rows read before tenants existed. */
  tenantId?: string;
  recipient: string;
  templateCode: string;
  campaignId?: string | null;
}

/** The fields an operator needs to find a job's notification, with the recipient masked. */
export function operatorFields(target: JobTarget): { tenantId?: string; to: string; templateCode: string; campaignId?: string } {
  return {
    ...(target.tenantId ? { tenantId: target.tenantId } : {}),
    to: maskPhone(target.recipient),
    templateCode: target.templateCode,
    ...(target.campaignId ? { campaignId: target.campaignId } : {}),
  };
}
