import type { Queue } from 'bullmq';
import type { EnsureResult } from '../ensure-job.js';
import { HeraldQueue, type QueueBounds } from '../herald-queue.js';
import type { QueuedJob } from '../queued-job.js';

/** Expands campaigns into send jobs, in stages; one job per campaign. */
export const CAMPAIGN_EXPANSION_QUEUE = 'campaign-expansion';
const EXPAND_JOB_NAME = 'expand';

export interface ExpandJobData {
  campaignId: string;
}

/** One expander per campaign: starting twice, or the reconciler re-adding it, finds the same job. */
export const expandJobId = (campaignId: string): string => `expand-${campaignId}`;

function expandJob(campaignId: string, delayMs: number): QueuedJob<ExpandJobData> {
  return {
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
  };
}

export class CampaignExpansionQueue extends HeraldQueue<ExpandJobData> {
  constructor(queue: Queue<ExpandJobData>, bounds?: QueueBounds) {
    super(queue, bounds);
  }

  /**
   * Makes sure the campaign's expander will run: added when missing, retried when it
   * finished (a campaign resumed after its expander stopped), left alone while alive.
   * `delayMs` holds a scheduled campaign's first run until its time.
   */
  ensureExpander(campaignId: string, delayMs = 0): Promise<EnsureResult> {
    return this.ensure(expandJob(campaignId, delayMs));
  }

  /** A scheduled campaign started early: its expander is the delayed job; run it now. */
  async startNow(campaignId: string): Promise<void> {
    const promoted = await this.command('promoting an expander', async (queue) => {
      const scheduled = await queue.getJob(expandJobId(campaignId));
      if (!scheduled || !(await scheduled.isDelayed())) return false;
      await scheduled.promote();
      return true;
    });
    if (!promoted) await this.ensureExpander(campaignId);
  }

  /** A cancelled campaign's expander is removed unless it is running (then it stops at its next tick). */
  async removeExpander(campaignId: string): Promise<void> {
    await this.command('removing an expander', async (queue) => {
      const expander = await queue.getJob(expandJobId(campaignId));
      if (expander && !(await expander.isActive())) await expander.remove().catch(() => undefined);
    });
  }
}
