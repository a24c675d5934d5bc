/**
 * The campaign life cycle. Like notifications, every change is a conditional UPDATE
 * whose WHERE clause lists the legal sources, so two operators pressing "start" (or
 * "start" racing "cancel") move the campaign once and the loser is told why.
 */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['scheduled', 'running', 'cancelled'],
  // scheduled → running: the schedule came due, or an operator started it early.
  scheduled: ['running', 'cancelled'],
  running: ['paused', 'completed', 'cancelled'],
  paused: ['running', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function campaignSourcesFor(to: CampaignStatus): CampaignStatus[] {
  return CAMPAIGN_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}

/** Recipients may be added until the first message could have been materialized. */
export function acceptsRecipients(status: CampaignStatus): boolean {
  return status === 'draft' || status === 'scheduled';
}
