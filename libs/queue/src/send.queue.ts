import type { JobsOptions } from 'bullmq';

/**
 * Carries every vendor send from the API (and later campaigns) to the worker: the
 * AlimTalk leg and the SMS/LMS failback leg share this queue because they share the
 * vendor account's one TPS budget, which is this queue's limiter.
 */
export const SEND_QUEUE = 'notifications-send';

export type SendLeg = 'alimtalk' | 'failback';

/**
 * The row is the truth: the worker reads only `notificationId` and `leg`. The other
 * fields are for operators looking at the job in Bull Board; `to` is masked, so no
 * phone number is stored in Redis. Build it with `sendJob` (send-job.ts).
 */
export interface MessageJobData {
  notificationId: string;
  /** Which leg the worker runs; absent on jobs queued before it existed (routed by name then). */
  leg?: SendLeg;
  to?: string;
  templateCode?: string;
  /** Set on campaign messages: the worker checks the campaign (cancelled? paused?) before sending. */
  campaignId?: string;
  /** The last failed attempt's code and message, while the job is being retried. */
  lastError?: string;
}

export const CAMPAIGN_BATCH_LEG = 'campaign-batch';

/**
 * Many messages of one campaign in one job (CAMPAIGN_JOB_SIZE): a job costs BullMQ the
 * same however small its message, so a campaign does not pay it per recipient. Only
 * ids: the rows hold recipients and texts. Build it with `campaignBatchJob`.
 */
export interface CampaignBatchJobData {
  leg: typeof CAMPAIGN_BATCH_LEG;
  campaignId: string;
  notificationIds: string[];
  templateCode?: string;
}

/** What a send-queue job carries: one notification's leg, or a campaign batch. */
export type SendJobData = MessageJobData | CampaignBatchJobData;

export const isCampaignBatch = (data: SendJobData): data is CampaignBatchJobData => data.leg === CAMPAIGN_BATCH_LEG;

/** The job names before names carried the masked recipient; still routed, see `legOf`. */
export const SEND_JOB_NAMES = { alimtalk: 'alimtalk', failback: 'failback' } as const;

/**
 * The notification id is the job id: adding the same notification twice (a retried
 * request, the reconciler) is a no-op while the first job still exists.
 */
export const sendJobId = (notificationId: string): string => notificationId;
export const failbackJobId = (notificationId: string): string => `${notificationId}-failback`;
/** A campaign batch job's id: the `send_batch_id` its rows carry. */
export const batchJobId = (sendBatchId: string): string => `batch-${sendBatchId}`;

/** Backoff type whose delays the worker computes (libs/domain retryDelayMs). */
export const HERALD_BACKOFF = 'herald-exponential-jitter';

export function sendJobOptions(policy: { attempts: number }): JobsOptions {
  return {
    attempts: policy.attempts,
    backoff: { type: HERALD_BACKOFF },
    // Completed jobs are only bookkeeping (the row holds the outcome); keep an hour for operators.
    removeOnComplete: { age: 3600, count: 10_000 },
    // Failed jobs are evidence, and a redrive retries them in place; keep them a week.
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
