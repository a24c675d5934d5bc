import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeadLetters } from '../../../../libs/dead-letters/src/index.js';
import pLimit from 'p-limit';
import { CampaignRepository, IdempotencyRepository, NotificationRepository, type KeysetPosition, type Notification } from '../../../../libs/db/src/index.js';
import { failbackIsDue } from '../../../../libs/domain/src/index.js';
import { CampaignExpansionQueue, SendQueue, type JobSeen } from '../../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from '../worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

export interface ReconcileReport {
  requeued: number;
  buried: number;
  lettersFiled: number;
  failbacksQueued: number;
  expandersRestored: number;
  expiredIdempotencyKeys: number;
}

const BATCH = 500;
/** Rows of a page repaired side by side: enough to keep Redis and Postgres busy, few enough for the pool. */
const REPAIRS_AT_ONCE = 32;
/** The share of RECONCILE_EVERY_MS one run may spend paging in-flight rows. */
const RUN_BUDGET_SHARE = 0.8;
/** Gaps left by a crash show up within minutes; older rows were seen by earlier runs. */
const LOOKBACK_MS = 60 * 60 * 1000;
/** A job in any other state (waiting, prioritized, delayed, active, …) will still run, or is running. */
const GONE: ReadonlySet<JobSeen> = new Set<JobSeen>(['missing', 'completed', 'failed', 'unknown']);

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
 * - dead rows without a letter get one (filing the letter is not atomic with the failure).
 * - failed rows due a failback without a failback job get one.
 * - running campaigns, and scheduled ones now due, without a live expander get one.
 * Rows of a paused campaign are left pending without jobs on purpose; resume queues them.
 * It also deletes expired Idempotency-Key records.
 * It reads the oldest idle rows first, BATCH a page, and pages on while pages are full
 * (within a time budget per run), so a backlog left by an outage drains at full speed.
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger(Reconciler.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deadLetters: DeadLetters,
    private readonly idempotencyKeys: IdempotencyRepository,
    private readonly campaigns: CampaignRepository,
    private readonly sendQueue: SendQueue,
    private readonly expansionQueue: CampaignExpansionQueue,
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

    await this.reconcileInFlightRows(before, report);
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
      // Channel failure codes are AlimTalk's own (K1xx): a failed row carrying one failed on its AlimTalk leg.
      if (!failbackIsDue({ status: row.status, failbackText: row.failbackText, code: row.lastCode, failedOn: 'alimtalk' })) continue;
      const result = await this.sendQueue.ensureFailback(row);
      if (result === 'added') report.failbacksQueued += 1;
    }

    for (const campaignId of await this.campaigns.needingExpander(BATCH)) {
      if ((await this.expansionQueue.ensureExpander(campaignId)) !== 'alive') report.expandersRestored += 1;
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

  /**
   * Pending and sending rows, page after page while pages come back full: after a Redis
   * outage (or a Redis restarted empty) the backlog is re-queued at drain speed, not one
   * page per run. Each page is its own short statement, its rows repaired REPAIRS_AT_ONCE
   * at a time (their Redis commands pipeline over one connection); a run stops after
   * RUN_BUDGET_SHARE of the interval, so runs do not overlap, and the next run goes on.
   */
  private async reconcileInFlightRows(before: Date, report: ReconcileReport): Promise<void> {
    const deadline = Date.now() + this.config.RECONCILE_EVERY_MS * RUN_BUDGET_SHARE;
    const batchStates = new Map<string, JobSeen>();
    const repairs = pLimit(REPAIRS_AT_ONCE);
    let from: KeysetPosition | undefined;
    do {
      const rows = await this.notifications.findStale(['pending', 'sending'], { before, from }, BATCH);
      await Promise.all(
        rows.map((row) =>
          repairs(async () => {
            if (row.sendBatchId && !GONE.has(await this.batchState(row.sendBatchId, batchStates))) return;
            await this.reconcileInFlight(row, report);
          }),
        ),
      );
      if (rows.length < BATCH) return;
      from = rows.at(-1);
    } while (Date.now() < deadline);
  }

  /** The state of a batch job, looked up once per run however many of its rows are stale. */
  private async batchState(sendBatchId: string, known: Map<string, JobSeen>): Promise<JobSeen> {
    let state = known.get(sendBatchId);
    if (state === undefined) {
      state = await this.sendQueue.batchState(sendBatchId);
      known.set(sendBatchId, state);
    }
    return state;
  }

  private async reconcileInFlight(row: Notification, report: ReconcileReport): Promise<void> {
    const { state, failedReason } = await this.sendQueue.inspectMessage(row.id);
    if (row.status === 'sending' && state === 'failed') {
      const buried = await this.deadLetters.bury(
        row.id,
        ['sending'],
        { leg: 'alimtalk', classification: 'transient', code: 'job_failed', error: failedReason ?? 'send job failed' },
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
