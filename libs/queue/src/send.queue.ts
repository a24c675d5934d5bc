import type { JobsOptions } from 'bullmq';

/** Carries AlimTalk sends from the API (and later campaigns) to the worker. */
export const SEND_QUEUE = 'notifications-send';

/** The row is the truth: a job carries only the notification's id. */
export interface SendJobData {
  notificationId: string;
}

/** Job name shown in Bull Board. */
export const SEND_JOB_NAME = 'alimtalk';

/**
 * The notification id is the job id: adding the same notification twice (a retried
 * request, the reconciler) is a no-op while the first job still exists.
 */
export const sendJobId = (notificationId: string): string => notificationId;

export interface SendRetryPolicy {
  attempts: number;
  backoffMs: number;
}

export function sendJobOptions(policy: SendRetryPolicy): JobsOptions {
  return {
    attempts: policy.attempts,
    backoff: { type: 'exponential', delay: policy.backoffMs, jitter: 0.5 },
    // Completed jobs are only bookkeeping (the row holds the outcome); keep an hour for operators.
    removeOnComplete: { age: 3600, count: 10_000 },
    // Failed jobs are evidence; keep them a week.
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
