import type { Queue } from 'bullmq';
import { shapeLimiter } from '../../../domain/src/index.js';
import type { EnsureResult } from '../ensure-job.js';
import type { JobSeen } from '../herald-queue.js';
import type { JobTarget } from '../job-display.js';
import type { QueuedJob } from '../queued-job.js';
import { campaignJobs, campaignBatchJob, campaignMessageJob, type CampaignBatch, type CampaignTarget } from './campaign-send-jobs.js';
import { batchJobId, isCampaignBatch, sendJob, sendJobId, type SendJobData } from './send-job.js';
import type { SendShard } from './send-shard.js';
import { shardIndex } from './send-shards.js';

export { SEND_QUEUE } from './send-shards.js';

/**
 * The send queue's producers: every job is built by send-job.ts or campaign-send-jobs.ts.
 * The queue may be split in shards (SEND_QUEUE_SHARDS); a message's jobs go to the shard
 * its notification id hashes to, a campaign batch's to its batch id's, so a job id meets
 * its earlier self wherever it is added from. Every worker consumes every shard.
 */
export class SendQueue {
  /** Only carries the payload type, for `JobDataOf`. */
  declare readonly payload?: SendJobData;

  constructor(
    /** The shards in order; one for an unsharded queue. */
    readonly shards: SendShard[],
    /** SEND_ATTEMPTS: each new job's attempt budget. */
    private readonly attempts: number,
  ) {
    if (shards.length === 0) throw new RangeError('the send queue needs at least one shard');
  }

  get name(): string {
    return this.shards[0]!.name;
  }

  private shardOf(key: string): SendShard {
    return this.shards[shardIndex(key, this.shards.length)]!;
  }

  private shardOfJob(job: QueuedJob<SendJobData>): SendShard {
    return this.shardOf(isCampaignBatch(job.data) ? job.opts.jobId : job.data.notificationId);
  }

  /** Splits items by the shard each falls on. */
  private byShard<T>(items: T[], shardOf: (item: T) => SendShard): Map<SendShard, T[]> {
    const groups = new Map<SendShard, T[]>();
    for (const item of items) {
      const shard = shardOf(item);
      const group = groups.get(shard);
      if (group) group.push(item);
      else groups.set(shard, [item]);
    }
    return groups;
  }

  /** Adds jobs, one add or addBulk per shard they fall on. */
  private async addAll(jobs: Array<QueuedJob<SendJobData>>): Promise<void> {
    if (jobs.length === 0) return;
    await Promise.all([...this.byShard(jobs, (job) => this.shardOfJob(job))].map(([shard, shardJobs]) => shard.addJobs(shardJobs)));
  }

  private ensure(job: QueuedJob<SendJobData>): Promise<EnsureResult> {
    return this.shardOfJob(job).ensureJob(job);
  }

  /** Removes waiting jobs (message job ids are notification ids, batch job ids route by themselves). */
  private async removeWaiting(jobIds: string[]): Promise<void> {
    await Promise.all([...this.byShard(jobIds, (jobId) => this.shardOf(jobId))].map(([shard, ids]) => shard.removeJobs(ids)));
  }

  /** Jobs waiting on every shard: a round trip to each shard's node, so a readiness probe too. */
  async waitingCount(): Promise<number> {
    const counts = await Promise.all(this.shards.map((shard) => shard.waitingCount()));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** The AlimTalk leg of newly stored notifications: one add, or one addBulk per shard for many. */
  enqueueNotifications(targets: JobTarget[]): Promise<void> {
    return this.addAll(targets.map((target) => sendJob(target, 'alimtalk', { attempts: this.attempts })));
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
    return this.addAll(campaignJobs(messages, this.attempts));
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
    return this.addAll([campaignMessageJob(target, policy)]);
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
    return this.shardOf(notificationId).inspect(sendJobId(notificationId));
  }

  async batchState(sendBatchId: string): Promise<JobSeen> {
    const jobId = batchJobId(sendBatchId);
    return (await this.shardOf(jobId).inspect(jobId)).state;
  }

  /** Whether a job of this campaign is running right now on any shard (cancel waits for none to be). */
  async hasActiveJobOf(campaignId: string): Promise<boolean> {
    const active = await Promise.all(this.shards.map((shard) => shard.run('listing active jobs', (queue) => queue.getActive())));
    return active.flat().some((job) => job?.data.campaignId === campaignId);
  }

  /** Holds every worker of every shard for `ms` (a vendor 429, a full rate window): they share one vendor. */
  async pauseFor(ms: number): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.run('pausing the queue', (queue) => queue.rateLimit(ms))));
  }

  /**
   * Each shard's global (Redis-held) limiter, matched to the TPS budget. It only shapes
   * the flow coarsely (a fixed window, per queue); the vendor rate gate, one for all
   * shards, makes it exact. Each shard may take the whole budget, because traffic does
   * not fall on shards evenly (one-time passwords may all be on one).
   */
  async applyLimiter(tps: number): Promise<void> {
    const { max, duration } = shapeLimiter(tps);
    await Promise.all(this.shards.map((shard) => shard.run('setting the limiter', (queue: Queue<SendJobData>) => queue.setGlobalRateLimit(max, duration))));
  }
}
