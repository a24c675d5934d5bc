import { maskPhone } from '../../domain/src/index.js';

/** What an operator sees on a job in Bull Board: `alimtalk → 010****5678`, never the whole number. */
export const jobTitle = (leg: string, recipient: string): string => `${leg} → ${maskPhone(recipient)}`;

/** The notification a job is about, as every job builder takes it (a row, or a campaign's row). */
export interface JobTarget {
  id: string;
  recipient: string;
  templateCode: string;
  campaignId?: string | null;
}

/** The fields an operator needs to find a job's notification, with the recipient masked. */
export function operatorFields(target: JobTarget): { to: string; templateCode: string; campaignId?: string } {
  return {
    to: maskPhone(target.recipient),
    templateCode: target.templateCode,
    ...(target.campaignId ? { campaignId: target.campaignId } : {}),
  };
}
