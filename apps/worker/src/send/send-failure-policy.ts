import { classifyVendorFailure, type FailureClass } from '../../../../libs/domain/src/index.js';
import { VendorError } from '../../../../libs/vendor/src/index.js';

/** A failed vendor call, as the failure policy sees it. */
export interface Failure {
  class: FailureClass;
  code: string;
  message: string;
  retryAfterMs?: number;
}

/** Where the send stands: attempts spent before this one, the budget, and whether a 429 may still be waited out. */
export interface AttemptContext {
  attemptsMade: number;
  attemptsAllowed: number;
  /** False once a job was turned back by 429s more often than MAX_RATE_LIMITED_STARTS. */
  mayWaitOutRateLimit: boolean;
}

export type FailureDecision =
  /** The vendor said 429: pause and try again later, without spending an attempt. */
  | { action: 'wait-out-rate-limit' }
  /** Give up: a dead letter, permanent (the vendor refused it) or transient (retries ran out). */
  | { action: 'bury'; classification: 'permanent' | 'transient' }
  /** Try again after the backoff of attempt `nextAttempt` (1 = the first retry). */
  | { action: 'retry'; nextAttempt: number };

/**
 * The send failure policy (DESIGN.md, invariant 4), for either leg, a job of its own
 * or a message of a campaign batch: rate limited → wait without spending an attempt
 * (until the job has been turned back too often, then it counts as transient);
 * permanent → dead letter at once; transient → retry with backoff until the last
 * attempt, which is buried.
 */
export function decideOnFailure(failure: Pick<Failure, 'class'>, context: AttemptContext): FailureDecision {
  if (failure.class === 'rate_limited' && context.mayWaitOutRateLimit) return { action: 'wait-out-rate-limit' };
  if (failure.class === 'permanent') return { action: 'bury', classification: 'permanent' };
  if (context.attemptsMade + 1 >= context.attemptsAllowed) return { action: 'bury', classification: 'transient' };
  return { action: 'retry', nextAttempt: context.attemptsMade + 1 };
}

/** What went wrong in a vendor call: the vendor's own error classified, anything else (a bug, a socket) transient. */
export function describeFailure(error: unknown): Failure {
  const vendorError = error instanceof VendorError ? error : undefined;
  return {
    class: vendorError ? classifyVendorFailure(vendorError) : 'transient',
    code: vendorError?.vendorCode ?? vendorError?.kind ?? 'error',
    message: error instanceof Error ? error.message : String(error),
    retryAfterMs: vendorError?.retryAfterMs,
  };
}
