import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { MicroBatcher } from '../../../libs/common/src/index.js';
import { ReportRepository, type AppliedReport, type ReportInput } from '../../../libs/db/src/index.js';
import { isChannelFailure } from '../../../libs/domain/src/index.js';
import { ensureFailbackJob, SEND_QUEUE, type SendJobData } from '../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

/**
 * Gathers the reports of many concurrent report jobs and applies them with one
 * statement per REPORT_BATCH_SIZE (or per REPORT_BATCH_WAIT_MS, whichever comes
 * first). Each job's promise settles when the statement holding its reports has
 * committed, so a job completes only once its reports are applied, and a failed
 * statement fails (and retries) exactly the jobs in it.
 */
@Injectable()
export class ReportBatcher {
  private readonly batcher: MicroBatcher<ReportInput[], void>;

  constructor(
    private readonly reports: ReportRepository,
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue<SendJobData>,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {
    this.batcher = new MicroBatcher({
      run: (jobs) => this.apply(jobs),
      maxSize: config.REPORT_BATCH_SIZE,
      maxWaitMs: config.REPORT_BATCH_WAIT_MS,
      weight: (reports) => reports.length,
    });
  }

  submit(reports: ReportInput[]): Promise<void> {
    return this.batcher.submit(reports);
  }

  private async apply(jobs: ReportInput[][]): Promise<void[]> {
    for (const round of roundsOfUniqueIds(jobs.flat())) {
      const applied = await this.reports.apply(round);
      this.metrics.reportsApplied.inc(applied.length);
      await this.startFailbacks(applied);
    }
    return jobs.map(() => undefined);
  }

  /** An AlimTalk failure that SMS can still deliver starts the failback leg. */
  private async startFailbacks(applied: AppliedReport[]): Promise<void> {
    for (const row of applied) {
      if (row.channel === 'alimtalk' && row.status === 'failed' && row.failbackText !== null && isChannelFailure(row.code)) {
        await ensureFailbackJob(this.sendQueue, row, this.config.SEND_ATTEMPTS);
      }
    }
  }
}

/**
 * Splits reports so that no id appears twice in one statement (an UPDATE … FROM
 * applies only one source row per target), keeping each id's reports in arrival
 * order across rounds: an AlimTalk failure is applied before its SMS delivery.
 */
export function roundsOfUniqueIds<T extends { id: string }>(reports: T[]): T[][] {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const report of reports) {
    const round = seen.get(report.id) ?? 0;
    (rounds[round] ??= []).push(report);
    seen.set(report.id, round + 1);
  }
  return rounds;
}
