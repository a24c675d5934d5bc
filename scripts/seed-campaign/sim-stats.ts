/** The simulator's counters (GET /_sim/stats), as far as the report reads them. */
export interface SimStats {
  uniqueMessages: number;
  duplicateRefs: number;
  repeatedContent: number;
  rateLimited: number;
  maxPerSecond: number;
  byChannel: { alimtalk: number; sms: number; lms: number };
}

/** One campaign's share of the counters. */
export interface SimStatsDelta extends Omit<SimStats, 'maxPerSecond'> {
  /**
   * The busiest vendor second of this campaign, when it can be told: the simulator
   * keeps one peak since its last reset, so a campaign slower than an earlier peak
   * only shows that it stayed at or under it (`atMost`).
   */
  maxPerSecond: { exact: number } | { atMost: number };
}

/**
 * The simulator's counters are cumulative since its start (or POST /_sim/reset), and
 * a running `npm start` stack keeps them across campaigns. Resetting would also forget
 * the refs that make re-sent messages idempotent, so a campaign's figures are the
 * difference between a snapshot taken before it starts and one taken after it settles
 * (nothing else should send meanwhile).
 */
export function simStatsDelta(before: SimStats, after: SimStats): SimStatsDelta {
  const minus = (key: 'uniqueMessages' | 'duplicateRefs' | 'repeatedContent' | 'rateLimited') => after[key] - before[key];
  return {
    uniqueMessages: minus('uniqueMessages'),
    duplicateRefs: minus('duplicateRefs'),
    repeatedContent: minus('repeatedContent'),
    rateLimited: minus('rateLimited'),
    byChannel: {
      alimtalk: after.byChannel.alimtalk - before.byChannel.alimtalk,
      sms: after.byChannel.sms - before.byChannel.sms,
      lms: after.byChannel.lms - before.byChannel.lms,
    },
    maxPerSecond: after.maxPerSecond > before.maxPerSecond ? { exact: after.maxPerSecond } : { atMost: before.maxPerSecond },
  };
}
