import type { Channel } from '../messages/message.ledger.js';

/**
 * Counters of send requests. Tests and benchmarks trust these for duplicate and
 * rate claims, so every send request lands in exactly one outcome bucket:
 *   requests = accepted + rejected + rateLimited + serverErrors + unauthorized
 * and accepted = uniqueMessages + duplicateRefs (timeouts are accepted too), and
 * uniqueMessages = byChannel.alimtalk + byChannel.sms + byChannel.lms.
 * All channels (AlimTalk and the SMS/LMS failback) count in the same buckets.
 * Result lookups have counters of their own and take no part in these identities.
 */
export interface SimStats {
  /**
   * Send requests received in full (any status); a client that hangs up mid-body is
   * not counted. A bulk request counts once per message it carries once its envelope
   * is accepted (each message gets its own verdict), else once.
   */
  requests: number;
  /** Bulk requests whose messages were judged (each also counted per message in `requests`). */
  bulkRequests: number;
  /** Answered (or, for timeouts, decided) A000: new messages plus replays of a known ref. */
  accepted: number;
  /** Distinct (channel, ref) pairs accepted: the messages that really exist. */
  uniqueMessages: number;
  /** uniqueMessages split by channel, e.g. how many failbacks were sent as SMS. */
  byChannel: Record<Channel, number>;
  /**
   * Accepted requests whose ref was already accepted on their channel: answered with the
   * stored msgKey, or (dedupeRefs off) accepted as a further message.
   */
  duplicateRefs: number;
  /** The part of duplicateRefs accepted as a further message because dedupeRefs was off: messages that exist twice. */
  duplicateMessages: number;
  /**
   * New messages (new ref) whose recipient already got the same text on the same
   * channel: the duplicate a person actually sees, which ref deduplication cannot catch.
   */
  repeatedContent: number;
  /** 4xx validation and body-size refusals (E102–E108, 413). */
  rejected: number;
  /** 429 answers; they do not consume a rate slot. */
  rateLimited: number;
  /** 500 answers, injected by errorRate (or a simulator bug, which is logged). */
  serverErrors: number;
  /** 401 answers on the send routes. */
  unauthorized: number;
  /** Messages accepted but deliberately never answered (timeoutRate). */
  timeouts: number;
  /** Most requests let through by the rate limiter in any sliding 1000 ms window. */
  maxPerSecond: number;
  tokensIssued: number;
  /** Reports withheld by reportDropRate (counted at acceptance): never posted, though the lookup knows the outcome. */
  reportsDropped: number;
  /** POST /v1/results requests answered 200 (not send requests: outside the identities above). */
  lookups: number;
  /** Refs asked about in those lookups. */
  lookedUpRefs: number;
  /** Lookups refused: 400, 401, 413 or 429. */
  lookupsRefused: number;
  /** Reports whose callback got a 2xx. */
  reportsSent: number;
  /** Reports given up on after the last retry. */
  reportsFailed: number;
  /** Reports waiting for their delay, for a callback slot, in flight or between retries. */
  reportsPending: number;
}

/** Bumped by increment(); uniqueMessages only through countNewMessage, so byChannel always adds up to it. */
export type SendCounter = Exclude<keyof SimStats, 'uniqueMessages' | 'byChannel' | 'maxPerSecond' | 'reportsSent' | 'reportsFailed' | 'reportsPending'>;
export type CounterStats = Pick<SimStats, SendCounter | 'uniqueMessages' | 'byChannel'>;

export class SimCounters {
  private counts = SimCounters.zero();

  increment(counter: SendCounter, by = 1): void {
    this.counts[counter] += by;
  }

  countNewMessage(channel: Channel): void {
    this.counts.uniqueMessages++;
    this.counts.byChannel[channel]++;
  }

  snapshot(): CounterStats {
    return { ...this.counts, byChannel: { ...this.counts.byChannel } };
  }

  reset(): void {
    this.counts = SimCounters.zero();
  }

  private static zero(): CounterStats {
    return {
      requests: 0,
      bulkRequests: 0,
      accepted: 0,
      uniqueMessages: 0,
      byChannel: { alimtalk: 0, sms: 0, lms: 0 },
      duplicateRefs: 0,
      duplicateMessages: 0,
      repeatedContent: 0,
      rejected: 0,
      rateLimited: 0,
      serverErrors: 0,
      unauthorized: 0,
      timeouts: 0,
      tokensIssued: 0,
      reportsDropped: 0,
      lookups: 0,
      lookedUpRefs: 0,
      lookupsRefused: 0,
    };
  }
}
