import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher, roundsOfUniqueIds, unlessUnavailable } from '../../../../libs/common/src/index.js';
import { ReportRepository, type AppliedReport, type ReportInput } from '../../../../libs/db/src/index.js';
import { failbackIsDue } from '../../../../libs/domain/src/index.js';
import { SendQueue } from '../../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from '../worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/**
 * Gathers the reports of many concurrent report jobs and applies them with one
 * statement per REPORT_BATCH_SIZE (or per REPORT_BATCH_WAIT_MS, whichever comes
 * first). Each job's promise settles when the statement holding its reports has
 * committed, so a job completes only once its reports are applied, and a failed
 * statement fails (and retries) exactly the jobs in it. An applied AlimTalk failure
 * that SMS can still deliver starts the failback leg.
 */
@Injectable()
export class ReportBatcher {
  private readonly batcher: MicroBatcher<ReportInput[], void>;

  constructor(
    private readonly reports: ReportRepository,
    private readonly sendQueue: SendQueue,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {
    this.batcher = new MicroBatcher({
      run: (jobs) => this.apply(jobs),
      maxSize: config.REPORT_BATCH_SIZE,
      maxWaitMs: config.REPORT_BATCH_WAIT_MS,
      weight: (reports) => reports.length,
      // A report job whose reports fail the shared statement fails alone; every other job's are applied.
      splitWhen: unlessUnavailable,
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

  private async startFailbacks(applied: AppliedReport[]): Promise<void> {
    for (const row of applied) {
      if (failbackIsDue({ status: row.status, failbackText: row.failbackText, code: row.code, failedOn: row.channel })) {
        await this.sendQueue.ensureFailback(row);
      }
    }
  }
}
