import type { z } from 'zod';
import type { Campaign, StatusCounts } from '../../../../libs/db/src/index.js';
import type { campaignViewSchema } from './campaign.dto.js';

/** The answer's schema (campaign.dto.ts) is the type: what this returns cannot drift from what is documented. */
export type CampaignView = z.output<typeof campaignViewSchema>;

/**
 * What an operator sees of a campaign: counts by status over all its recipients,
 * including the ones not yet made into messages (pending while the campaign can
 * still send them, cancelled once it cannot), the recent send rate and an ETA.
 */
export function campaignView(campaign: Campaign, byStatus: StatusCounts): CampaignView {
  const notYetMade = Math.max(0, campaign.recipientCount - campaign.expandedCount);
  const count = (status: keyof StatusCounts) => byStatus[status] ?? 0;
  const counts: CampaignView['counts'] = {
    pending: count('pending') + (campaign.status === 'cancelled' ? 0 : notYetMade),
    sending: count('sending'),
    sent: count('sent'),
    delivered: count('delivered'),
    failed: count('failed'),
    failback: count('failback_sent'),
    dead: count('dead'),
    skipped: count('skipped'),
    cancelled: count('cancelled') + (campaign.status === 'cancelled' ? notYetMade : 0),
    expired: count('expired'),
  };
  const remaining = counts.pending + counts.sending;
  const sendRate = campaign.status === 'running' ? Math.round(campaign.sendRate * 10) / 10 : 0;
  return {
    id: campaign.id,
    name: campaign.name,
    templateCode: campaign.templateCode,
    status: campaign.status,
    scheduledAt: campaign.scheduledAt,
    recipientCount: campaign.recipientCount,
    counts,
    /** Messages settled per second, smoothed over the last few seconds. */
    sendRate,
    /** Seconds until the last message is sent at the current rate; null when not running or no rate yet. */
    etaSeconds: sendRate > 0 && remaining > 0 ? Math.ceil(remaining / sendRate) : remaining === 0 ? 0 : null,
    createdAt: campaign.createdAt,
    startedAt: campaign.startedAt,
    finishedAt: campaign.finishedAt,
  };
}
