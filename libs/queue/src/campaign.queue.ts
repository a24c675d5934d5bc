import type { Queue } from 'bullmq';
import { ensureJob, type EnsureResult } from './ensure-job.js';
import type { JobTarget } from './job-display.js';
import { sendJob } from './send-job.js';
import { sendJobId, type SendJobData } from './send.queue.js';

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

/** Adds the send jobs of campaign messages; ones already queued are left as they are (jobId = notification id). */
export async function enqueueCampaignMessages(sendQueue: Queue<SendJobData>, messages: JobTarget[], attempts: number): Promise<void> {
  if (messages.length === 0) return;
  await sendQueue.addBulk(
    messages.map((message) => {
      const job = sendJob(message, 'alimtalk', { attempts });
      return { ...job, opts: { ...job.opts, priority: CAMPAIGN_SEND_PRIORITY } };
    }),
  );
}

/** Removes these messages' send jobs where they still wait; a running job (locked) is left to finish. */
export async function unqueueSendJobs(sendQueue: Queue<SendJobData>, notificationIds: string[]): Promise<void> {
  // Issued together: ioredis pipelines them over the one connection.
  await Promise.all(notificationIds.map((id) => sendQueue.remove(sendJobId(id)).catch(() => 0)));
}
