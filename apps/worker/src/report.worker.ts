import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import type { ReportInput } from '../../../libs/db/src/index.js';
import { jobLogFields } from '../../../libs/logging/src/index.js';
import { REPORTS_QUEUE, type ReportJobData } from '../../../libs/queue/src/index.js';
import { closeGracefully, startWorker } from './managed-worker.js';
import { ReportBatcher } from './report-batcher.js';
import { WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Consumes report jobs with a concurrency of one batch, so a whole batch of jobs is
 * active at once, each waiting on the ReportBatcher's shared statement.
 */
@Injectable()
export class ReportWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReportWorker.name);
  private worker?: Worker<ReportJobData, number>;

  constructor(
    private readonly batcher: ReportBatcher,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<ReportJobData, number>(REPORTS_QUEUE, (job) => this.process(job), this.config, this.logger, {
      concurrency: this.config.REPORT_BATCH_SIZE,
    });
    this.worker.on('failed', (job, error) => this.logger.warn({ msg: `report job failed: ${error.message}`, ...jobLogFields(job), attempt: job?.attemptsMade }));
  }

  private async process(job: Job<ReportJobData, number>): Promise<number> {
    const valid = job.data.reports.filter((report) => UUID.test(report.ref));
    await this.batcher.submit(valid.map(toReportInput));
    // Measured once the batch committed: how far behind the vendor Herald's rows are.
    const appliedAt = Date.now();
    for (const report of valid) {
      const lagMs = appliedAt - Date.parse(report.reportedAt);
      if (Number.isFinite(lagMs)) this.metrics.reportLag.observe({ channel: report.channel }, Math.max(0, lagMs) / 1000);
    }
    return valid.length;
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeGracefully(this.worker, this.config.WORKER_SHUTDOWN_GRACE_MS, this.logger);
  }
}

function toReportInput(report: ReportJobData['reports'][number]): ReportInput {
  return {
    id: report.ref,
    msgKey: report.msgKey,
    channel: report.channel,
    status: report.status,
    code: report.code,
    detail: report.status === 'failed' ? `${report.channel}: ${report.message}` : null,
  };
}
