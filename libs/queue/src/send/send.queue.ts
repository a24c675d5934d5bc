import type { Queue } from 'bullmq';
import { shapeLimiter } from '../../../domain/src/index.js';
import type { EnsureResult } from '../ensure-job.js';
import { HeraldQueue, type JobSeen, type QueueBounds } from '../herald-queue.js';
import type { JobTarget } from '../job-display.js';
import { campaignJobs, campaignBatchJob, campaignMessageJob, type CampaignBatch, type CampaignTarget } from './campaign-send-jobs.js';
import { batchJobId, sendJob, sendJobId, type SendJobData } from './send-job.js';

/**
 * Carries every vendor send from the API, campaigns and the reconciler to the worker:
 * the AlimTalk leg and the SMS/LMS failback leg share this queue because they share
 * the vendor account's one TPS budget.
 */
export const SEND_QUEUE = 'notifications-send';

/** The send queue's producers: every job is built by send-job.ts or campaign-send-jobs.ts. */
export class SendQueue extends HeraldQueue<SendJobData> {
  constructor(
    queue: Queue<SendJobData>,
    /** SEND_ATTEMPTS: each new job's attempt budget. */
    private readonly attempts: number,
    bounds?: QueueBounds,
  ) {
    super(queue, bounds);
  }

  /** The AlimTalk leg of newly stored notifications: one add, or one addBulk for many. */
  async enqueueNotifications(targets: JobTarget[]): Promise<void> {
    const jobs = targets.map((target) => sendJob(target, 'alimtalk', { attempts: this.attempts }));
    if (jobs.length === 1) await this.add(jobs[0]!);
    else await this.addBulk(jobs);
  }

  /** Ensures a pending notification has an AlimTalk job that will run (reconciler, redrive). */
  ensureAlimtalk(target: JobTarget): Promise<EnsureResult> {
    return this.ensure(sendJob(target, 'alimtalk', { attempts: this.attempts }));
  }

  /** Queues the SMS/LMS leg of a notification (once: the job id is derived from its id). */
  ensureFailback(target: JobTarget): Promise<EnsureResult> {
    return this.ensure(sendJob(target, 'failback', { attempts: this.attempts }));
  }

  /**
   * Adds the send jobs of campaign messages (the expander, resume). Ones already
   * queued are left as they are: the job ids come from the rows.
   */
  enqueueCampaignMessages(messages: CampaignTarget[]): Promise<void> {
    return this.addBulk(campaignJobs(messages, this.attempts));
  }

  /**
   * Makes sure each batch will run (resume): a missing batch job is added with the
   * batch's pending messages; a finished one (failed for good, or completed before a
   * message of it went back to pending) runs again; a live one is left alone.
   */
  async ensureCampaignBatches(batches: CampaignBatch[]): Promise<void> {
    await Promise.all(batches.map((batch) => this.ensure(campaignBatchJob(batch, { attempts: this.attempts }))));
  }

  /**
   * A campaign message split off its batch gets a job of its own, with what is left of
   * its attempt budget. A job of this id still present (the reconciler's, or one of an
   * earlier run of the batch) already covers the row; add leaves it as it is.
   */
  handOverCampaignMessage(target: JobTarget, policy: { attempts: number; delay?: number }): Promise<void> {
    return this.add(campaignMessageJob(target, policy));
  }

  /** Removes these messages' own jobs where they still wait. */
  unqueueMessages(notificationIds: string[]): Promise<void> {
    return this.removeWaiting(notificationIds.map(sendJobId));
  }

  /** Removes these batches' jobs where they still wait; a running one checks its campaign before each send. */
  unqueueBatches(sendBatchIds: string[]): Promise<void> {
    return this.removeWaiting(sendBatchIds.map(batchJobId));
  }

  inspectMessage(notificationId: string): Promise<{ state: JobSeen; failedReason?: string }> {
    return this.inspect(sendJobId(notificationId));
  }

  async batchState(sendBatchId: string): Promise<JobSeen> {
    return (await this.inspect(batchJobId(sendBatchId))).state;
  }

  /** Whether a job of this campaign is running right now (cancel waits for none to be). */
  async hasActiveJobOf(campaignId: string): Promise<boolean> {
    const active = await this.command('listing active jobs', (queue) => queue.getActive());
    return active.some((job) => job?.data.campaignId === campaignId);
  }

  /** Holds every worker of this queue for `ms` (a vendor 429, a full rate window). */
  async pauseFor(ms: number): Promise<void> {
    await this.command('pausing the queue', (queue) => queue.rateLimit(ms));
  }

  /**
   * The queue's global (Redis-held) limiter, matched to a TPS budget. It only shapes
   * the flow coarsely (a fixed window); the vendor rate gate makes it exact.
   */
  async applyLimiter(tps: number): Promise<void> {
    const { max, duration } = shapeLimiter(tps);
    await this.command('setting the limiter', (queue) => queue.setGlobalRateLimit(max, duration));
  }
}
