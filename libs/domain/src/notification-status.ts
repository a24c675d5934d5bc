/**
 * The notification state machine (DESIGN.md, invariant 6). Every status change in
 * Herald goes through `canTransition`, and the database applies it as a conditional
 * UPDATE whose WHERE clause is `allowedSources(to)`, so an illegal or stale
 * transition changes no row instead of being silently applied.
 */
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'failed', 'failback_sent', 'cancelled', 'skipped', 'dead', 'expired'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

const TRANSITIONS: Record<NotificationStatus, readonly NotificationStatus[]> = {
  pending: ['sending', 'cancelled', 'skipped'],
  // sending → sending: a job re-delivered after a crash claims the row again; the
  // vendor deduplicates on our id, so the repeated call cannot become a second message.
  // sending → delivered | failed: the vendor's report overtook our own write of `sent`.
  // sending → dead: Herald gave up (permanent rejection or retries exhausted).
  // sending → cancelled: a campaign message waiting for a retry when its campaign was
  // cancelled; only the job that owns the row makes this move, before it calls the vendor.
  sending: ['sending', 'sent', 'delivered', 'failed', 'dead', 'cancelled'],
  // sent → expired: no final result came (report nor lookup) within REPORT_EXPIRE_AFTER_HOURS.
  sent: ['delivered', 'failed', 'expired'],
  // failed → dead: the SMS/LMS failback leg itself was rejected or ran out of retries.
  failed: ['failback_sent', 'dead'],
  failback_sent: ['delivered', 'failed', 'expired'],
  // dead → pending: an operator redrove the dead letter; it gets a fresh attempt budget.
  dead: ['pending'],
  delivered: [],
  cancelled: [],
  skipped: [],
  expired: [],
};

export function canTransition(from: NotificationStatus, to: NotificationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses from which `to` may be entered: the WHERE clause of the conditional UPDATE. */
export function allowedSources(to: NotificationStatus): NotificationStatus[] {
  return NOTIFICATION_STATUSES.filter((from) => canTransition(from, to));
}

export function isFinal(status: NotificationStatus): boolean {
  return TRANSITIONS[status].length === 0;
}
