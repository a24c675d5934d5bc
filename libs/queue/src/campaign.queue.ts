import type { Queue } from 'bullmq';
import { ensureJob, type EnsureResult, type QueuedJob } from './ensure-job.js';
import type { JobTarget } from './job-display.js';
import { sendJob } from './send-job.js';
import {
  batchJobId,
  CAMPAIGN_BATCH_LEG,
  sendJobId,
  sendJobOptions,
  type CampaignBatchJobData,
  type MessageJobData,
  type SendJobData,
} from './send.queue.js';

/** Expands campaigns into send jobs, in stages; one job per campaign. */
export const CAMPAIGN_QUEUE = 'campaign-expansion';
export const EXPAND_JOB_NAME = 'expand';

export interface ExpandJobData {
  campaignId: string;
}

/** One expander per campaign: starting twice, or the reconciler re-adding it, finds the same job. */
export const expandJobId = (campaignId: string): string => `expand-${campaignId}`;

/**
 * Makes sure the campaign's expander will run: added when missing, retried when it
 * finished (a campaign resumed after its expander stopped), left alone while alive.
 * `delayMs` holds a scheduled campaign's first run until its time.
 */
export function ensureExpander(queue: Queue<ExpandJobData>, campaignId: string, delayMs = 0): Promise<EnsureResult> {
  return ensureJob(queue, {
    name: EXPAND_JOB_NAME,
    data: { campaignId },
    opts: {
      jobId: expandJobId(campaignId),
      delay: Math.max(0, delayMs),
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/**
 * Campaign messages yield to single sends: BullMQ runs jobs without a priority before
 * prioritized ones, so a one-time password is not queued behind 20,000 marketing
 * messages. They still share the send queue, and so the vendor's one TPS budget.
 */
export const CAMPAIGN_SEND_PRIORITY = 10;

/** A campaign message about to be queued: in a batch job when it has a batch id, else a job of its own. */
export interface CampaignTarget extends JobTarget {
  campaignId: string;
  sendBatchId?: string | null;
}

/** One batch of a campaign's pending messages, as pause and resume find it. */
export interface CampaignBatch {
  sendBatchId: string;
  campaignId: string;
  notificationIds: string[];
  templateCode?: string;
}

/** `campaign → 100 messages`: Bull Board lists a batch job by what it carries, never by whom. */
export const campaignBatchJobName = (count: number): string => `campaign → ${count} message${count === 1 ? '' : 's'}`;

/**
 * A batch job: the messages of one `send_batch_id`, sent together by the worker, each
 * still claimed, sent (ref = its id) and settled on its own. The job id comes from the
 * batch id, so re-adding a batch that is still queued changes nothing.
 */
export function campaignBatchJob(batch: CampaignBatch, policy: { attempts: number }): QueuedJob<CampaignBatchJobData> {
  return {
    name: campaignBatchJobName(batch.notificationIds.length),
    data: {
      leg: CAMPAIGN_BATCH_LEG,
      campaignId: batch.campaignId,
      notificationIds: batch.notificationIds,
      ...(batch.templateCode ? { templateCode: batch.templateCode } : {}),
    },
    opts: { ...sendJobOptions(policy), jobId: batchJobId(batch.sendBatchId), priority: CAMPAIGN_SEND_PRIORITY },
  };
}

/** A campaign message's own send job: unbatched messages, and retries split off a batch. */
export function campaignMessageJob(target: JobTarget, policy: { attempts: number; delay?: number }): QueuedJob<MessageJobData> {
  const job = sendJob(target, 'alimtalk', { attempts: policy.attempts });
  return { ...job, opts: { ...job.opts, priority: CAMPAIGN_SEND_PRIORITY, ...(policy.delay ? { delay: policy.delay } : {}) } };
}

/** Groups messages into their batch jobs (in order) and their own jobs. */
export function campaignJobs(messages: CampaignTarget[], attempts: number): Array<QueuedJob<SendJobData>> {
  const jobs: Array<QueuedJob<SendJobData>> = [];
  const batches = new Map<string, CampaignBatch>();
  for (const message of messages) {
    if (!message.sendBatchId) {
      jobs.push(campaignMessageJob(message, { attempts }));
      continue;
    }
    const batch = batches.get(message.sendBatchId);
    if (batch) batch.notificationIds.push(message.id);
    else {
      batches.set(message.sendBatchId, {
        sendBatchId: message.sendBatchId,
        campaignId: message.campaignId,
        notificationIds: [message.id],
        templateCode: message.templateCode,
      });
    }
  }
  for (const batch of batches.values()) jobs.push(campaignBatchJob(batch, { attempts }));
  return jobs;
}

/**
 * Adds the send jobs of newly made campaign messages (the expander: every batch id is
 * new). Ones already queued are left as they are: the job ids come from the rows.
 */
export async function enqueueCampaignMessages(sendQueue: Queue<SendJobData>, messages: CampaignTarget[], attempts: number): Promise<void> {
  if (messages.length === 0) return;
  await sendQueue.addBulk(campaignJobs(messages, attempts));
}

/**
 * Makes sure each batch will run (resume): a missing batch job is added with the
 * batch's pending messages; a finished one (failed for good, or completed before a
 * message of it went back to pending) runs again; a live one is left alone.
 */
export async function ensureBatchJobs(sendQueue: Queue<SendJobData>, batches: CampaignBatch[], attempts: number): Promise<void> {
  await Promise.all(batches.map((batch) => ensureJob<SendJobData>(sendQueue, campaignBatchJob(batch, { attempts }))));
}

/** Removes these messages' send jobs where they still wait; a running job (locked) is left to finish. */
export async function unqueueSendJobs(sendQueue: Queue<SendJobData>, notificationIds: string[]): Promise<void> {
  // Issued together: ioredis pipelines them over the one connection.
  await Promise.all(notificationIds.map((id) => sendQueue.remove(sendJobId(id)).catch(() => 0)));
}

/**
 * Removes these batches' jobs where they still wait. A running one is left: its
 * messages check the campaign before each send, and their claims are conditional.
 */
export async function unqueueBatchJobs(sendQueue: Queue<SendJobData>, sendBatchIds: string[]): Promise<void> {
  await Promise.all(sendBatchIds.map((id) => sendQueue.remove(batchJobId(id)).catch(() => 0)));
}
