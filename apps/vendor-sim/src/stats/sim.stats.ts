/**
 * Counters of send requests. Tests and benchmarks trust these for duplicate and
 * rate claims, so every send request lands in exactly one outcome bucket:
 *   requests = accepted + rejected + rateLimited + serverErrors + unauthorized
 * and accepted = uniqueMessages + duplicateRefs (timeouts are accepted too).
 */
export interface SimStats {
  /** Send requests received in full (any status); a client that hangs up mid-body is not counted. */
  requests: number;
  /** Answered (or, for timeouts, decided) A000: new messages plus replays of a known ref. */
  accepted: number;
  /** Distinct refs accepted: the messages that really exist. */
  uniqueMessages: number;
  /** Requests whose ref was already accepted; answered with the stored msgKey. */
  duplicateRefs: number;
  /** 4xx validation and body-size refusals (E102–E107, 413). */
  rejected: number;
  /** 429 answers; they do not consume a rate slot. */
  rateLimited: number;
  /** 500 answers, injected by errorRate (or a simulator bug, which is logged). */
  serverErrors: number;
  /** 401 answers on the send route. */
  unauthorized: number;
  /** Messages accepted but deliberately never answered (timeoutRate). */
  timeouts: number;
  /** Most requests let through by the rate limiter in any sliding 1000 ms window. */
  maxPerSecond: number;
  tokensIssued: number;
  /** Reports whose callback got a 2xx. */
  reportsSent: number;
  /** Reports given up on after the last retry. */
  reportsFailed: number;
  /** Reports waiting for their delay, for a callback slot, in flight or between retries. */
  reportsPending: number;
}

export type SendCounter = Exclude<keyof SimStats, 'maxPerSecond' | 'reportsSent' | 'reportsFailed' | 'reportsPending'>;

export class SimCounters {
  private counts = SimCounters.zero();

  increment(counter: SendCounter): void {
    this.counts[counter]++;
  }

  snapshot(): Record<SendCounter, number> {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = SimCounters.zero();
  }

  private static zero(): Record<SendCounter, number> {
    return {
      requests: 0,
      accepted: 0,
      uniqueMessages: 0,
      duplicateRefs: 0,
      rejected: 0,
      rateLimited: 0,
      serverErrors: 0,
      unauthorized: 0,
      timeouts: 0,
      tokensIssued: 0,
    };
  }
}
