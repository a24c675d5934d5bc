import type { JobTarget } from '../job-display.js';
import type { QueuedJob } from '../queued-job.js';
import { batchJobId, CAMPAIGN_BATCH_LEG, sendJob, sendJobOptions, type CampaignBatchJobData, type MessageJobData, type SendJobData } from './send-job.js';

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
  tenantId?: string;
  notificationIds: string[];
  templateCode?: string;
}

/** `shop · campaign → 100 messages`: Bull Board lists a batch job by its tenant and what it carries, never by whom. */
export const campaignBatchJobName = (count: number, tenantId?: string): string =>
  `${tenantId ? `${tenantId} · ` : ''}campaign → ${count} message${count === 1 ? '' : 's'}`;

/**
 * A batch job: the messages of one `send_batch_id`, sent together by the worker, each
 * still claimed, sent (ref = its id) and settled on its own. The job id comes from the
 * batch id, so re-adding a batch that is still queued changes nothing.
 */
export function campaignBatchJob(batch: CampaignBatch, policy: { attempts: number }): QueuedJob<CampaignBatchJobData> {
  return {
    name: campaignBatchJobName(batch.notificationIds.length, batch.tenantId),
    data: {
      leg: CAMPAIGN_BATCH_LEG,
      campaignId: batch.campaignId,
      ...(batch.tenantId ? { tenantId: batch.tenantId } : {}),
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
        tenantId: message.tenantId,
        notificationIds: [message.id],
        templateCode: message.templateCode,
      });
    }
  }
  for (const batch of batches.values()) jobs.push(campaignBatchJob(batch, { attempts }));
  return jobs;
}
