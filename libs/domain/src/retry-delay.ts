import { createHash } from 'node:crypto';

export interface RetryPolicy {
  /** Delay before the first retry; doubles each time. */
  baseMs: number;
  /** No retry waits longer than this. */
  capMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay, plus a
 * random share of the other half, so retries of many messages that failed together
 * (a vendor outage) spread out instead of returning in one wave. The random share
 * is derived from the job id and attempt, so the worker can tell in advance, and
 * record, exactly when BullMQ will run the retry.
 */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy, seed: string): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  const half = exponential / 2;
  return Math.round(half + half * unitRandom(`${seed}:${failedAttempts}`));
}

function unitRandom(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 0x1_0000_0000;
}
