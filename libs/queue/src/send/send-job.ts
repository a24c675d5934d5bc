import type { JobsOptions } from 'bullmq';
import type { SendLeg } from '../../../domain/src/index.js';
import { jobTitle, operatorFields, type JobTarget } from '../job-display.js';
import type { QueuedJob } from '../queued-job.js';

/**
 * The row is the truth: the worker reads only `notificationId` and `leg`. The other
 * fields are for operators looking at the job in Bull Board; `to` is masked, so no
 * phone number is stored in Redis. Build it with `sendJob`.
 */
export interface MessageJobData {
  notificationId: string;
  /** The producing service, for operators (the worker reads the row's). */
  tenantId?: string;
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
  tenantId?: string;
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

/**
 * The one place a send job is built, for every producer: the API's single send, the
 * reconciler and redrive, failback, and campaigns. The job id comes from the
 * notification id, so one leg of one notification can only be queued once.
 */
export function sendJob(target: JobTarget, leg: SendLeg, policy: { attempts: number }): QueuedJob<MessageJobData> {
  return {
    name: jobTitle(leg, target.recipient, target.tenantId),
    data: { notificationId: target.id, leg, ...operatorFields(target) },
    opts: { ...sendJobOptions(policy), jobId: leg === 'failback' ? failbackJobId(target.id) : sendJobId(target.id) },
  };
}

/** The leg a job runs: its data says so; a job queued before `leg` existed says it by name. */
export function legOf(job: { name: string; data: MessageJobData }): SendLeg {
  return job.data.leg ?? (job.name === SEND_JOB_NAMES.failback ? 'failback' : 'alimtalk');
}
