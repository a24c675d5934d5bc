import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JobState, Queue } from 'bullmq';
import { DeadLetters } from '../../../libs/dead-letters/src/index.js';
import { CampaignRepository, IdempotencyRepository, NotificationRepository, type Notification } from '../../../libs/db/src/index.js';
import { isChannelFailure } from '../../../libs/domain/src/index.js';
import {
  batchJobId,
  CAMPAIGN_QUEUE,
  ensureExpander,
  ensureFailbackJob,
  SEND_QUEUE,
  sendJobId,
  type ExpandJobData,
  type SendJobData,
} from '../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

export interface ReconcileReport {
  requeued: number;
  buried: number;
  lettersFiled: number;
  failbacksQueued: number;
  expandersRestored: number;
  expiredIdempotencyKeys: number;
}

const BATCH = 500;
/** Gaps left by a crash show up within minutes; older rows were seen by earlier runs. */
const LOOKBACK_MS = 60 * 60 * 1000;
/** A job in any other state (waiting, prioritized, delayed, active, …) will still run, or is running. */
type SeenState = JobState | 'unknown' | 'missing';
const GONE: ReadonlySet<SeenState> = new Set<SeenState>(['missing', 'completed', 'failed', 'unknown']);

/**
 * Repairs what a crash between a database write and a queue write leaves behind
 * (DESIGN.md, invariant 1). Rows are the truth; jobs are derived from them, always
 * with the notification id as job id, so re-adding one that exists changes nothing.
 * - pending/sending rows idle past RECONCILE_AFTER_MS whose send job is missing or
 *   finished get a runnable job (a lost job, an enqueue that failed after commit, a
 *   redrive interrupted half-way); a `sending` row whose job failed for good is buried.
 *   A campaign row carried by a batch job is left alone while that job is alive (a
 *   slow campaign keeps rows pending for minutes); when it is gone, the row gets a job
 *   of its own.
 * - dead rows without a letter get one (the DLQ add is not atomic with the failure).
 * - failed rows due a failback without a failback job get one.
 * - running campaigns, and scheduled ones now due, without a live expander get one.
 * Rows of a paused campaign are left pending without jobs on purpose; resume queues them.
 * It also deletes expired Idempotency-Key records.
 * It reads the oldest idle rows first, BATCH per run: a long legitimate backlog delays
 * the check of younger rows until the older ones move, it does not skip them.
 */
@Injectable()
export class ReconcilerService {
  private readonly logger = new Logger(ReconcilerService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetters,
    private readonly idempotencyKeys: IdempotencyRepository,
    private readonly campaigns: CampaignRepository,
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue<SendJobData>,
    @InjectQueue(CAMPAIGN_QUEUE) private readonly campaignQueue: Queue<ExpandJobData>,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async run(): Promise<ReconcileReport> {
    const before = new Date(Date.now() - this.config.RECONCILE_AFTER_MS);
    const after = new Date(Date.now() - LOOKBACK_MS);
    const report: ReconcileReport = {
      requeued: 0,
      buried: 0,
      lettersFiled: 0,
      failbacksQueued: 0,
      expandersRestored: 0,
      expiredIdempotencyKeys: 0,
    };

    const batchStates = new Map<string, SeenState>();
    for (const row of await this.notifications.findStale(['pending', 'sending'], { before }, BATCH)) {
      if (row.sendBatchId && !GONE.has(await this.batchState(row.sendBatchId, batchStates))) continue;
      await this.reconcileInFlight(row, report);
    }
    for (const row of await this.notifications.findStale(['dead'], { before, after }, BATCH)) {
      if (await this.deadLetters.hasLetter(row.id)) continue;
      await this.deadLetters.file(row, {
        leg: 'alimtalk',
        classification: 'transient',
        code: row.lastCode ?? 'unknown',
        error: row.lastError ?? 'dead letter restored by the reconciler',
        attempts: row.attempts,
      });
      report.lettersFiled += 1;
    }
    for (const row of await this.notifications.findStale(['failed'], { before, after }, BATCH)) {
      if (!row.failbackText || !row.lastCode || !isChannelFailure(row.lastCode)) continue;
      const result = await ensureFailbackJob(this.sendQueue, row, this.config.SEND_ATTEMPTS);
      if (result === 'added') report.failbacksQueued += 1;
    }

    for (const campaignId of await this.campaigns.needingExpander(BATCH)) {
      if ((await ensureExpander(this.campaignQueue, campaignId)) !== 'alive') report.expandersRestored += 1;
    }

    report.expiredIdempotencyKeys = await this.idempotencyKeys.deleteExpired(BATCH);

    this.metrics.reconcilerRepairs.inc({ action: 'requeued' }, report.requeued);
    this.metrics.reconcilerRepairs.inc({ action: 'buried' }, report.buried);
    this.metrics.reconcilerRepairs.inc({ action: 'letter_filed' }, report.lettersFiled);
    this.metrics.reconcilerRepairs.inc({ action: 'failback_queued' }, report.failbacksQueued);
    this.metrics.reconcilerRepairs.inc({ action: 'expander_restored' }, report.expandersRestored);
    if (Object.values(report).some((count) => count > 0)) this.logger.log(`reconciled: ${JSON.stringify(report)}`);
    return report;
  }

  /** The state of a batch job, looked up once per run however many of its rows are stale. */
  private async batchState(sendBatchId: string, known: Map<string, SeenState>): Promise<SeenState> {
    let state = known.get(sendBatchId);
    if (state === undefined) {
      const job = await this.sendQueue.getJob(batchJobId(sendBatchId));
      state = job ? await job.getState() : 'missing';
      known.set(sendBatchId, state);
    }
    return state;
  }

  private async reconcileInFlight(row: Notification, report: ReconcileReport): Promise<void> {
    const job = await this.sendQueue.getJob(sendJobId(row.id));
    const state = job ? await job.getState() : 'missing';
    if (row.status === 'sending' && state === 'failed') {
      const buried = await this.deadLetters.bury(
        row.id,
        ['sending'],
        { leg: 'alimtalk', classification: 'transient', code: 'job_failed', error: job?.failedReason ?? 'send job failed' },
        'reconciler',
      );
      if (buried) report.buried += 1;
      return;
    }
    if (state === 'missing' || state === 'failed' || state === 'completed') {
      await this.deadLetters.requeue(row);
      await this.notifications.recordAttemptError(row.id, 'reconciler', {
        code: 'requeued',
        detail: `row was ${row.status} with ${state === 'missing' ? 'no' : `a ${state}`} send job; re-enqueued`,
        countAttempt: false,
      });
      report.requeued += 1;
    }
  }
}
