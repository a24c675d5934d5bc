import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ReportInput } from '../../../../libs/db/src/index.js';
import { jobLogFields } from '../../../../libs/logging/src/index.js';
import {
  QueueConsumer,
  REPORTS_QUEUE,
  type ConsumerOptions,
  type Job,
  type JobDataOf,
  type ReportQueue,
  type VendorReport,
} from '../../../../libs/queue/src/index.js';
import { WORKER_METRICS, type WorkerMetrics } from '../worker-metrics.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import { ReportBatcher } from './report-batcher.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The vendor reports queue's consumer, with a concurrency of one batch, so a whole
 * batch of jobs is active at once, each waiting on the ReportBatcher's shared statement.
 */
@Injectable()
export class ReportConsumer extends QueueConsumer<JobDataOf<ReportQueue>, number> {
  protected readonly logger = new Logger(ReportConsumer.name);

  constructor(
    private readonly batcher: ReportBatcher,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {
    super(REPORTS_QUEUE, config);
  }

  protected options(): ConsumerOptions {
    return { concurrency: this.config.REPORT_BATCH_SIZE };
  }

  protected async process(job: Job<JobDataOf<ReportQueue>, number>): Promise<number> {
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

  protected override onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn({ msg: `report job failed: ${error.message}`, ...jobLogFields(job), attempt: job?.attemptsMade });
  }
}

function toReportInput(report: VendorReport): ReportInput {
  return {
    id: report.ref,
    msgKey: report.msgKey,
    channel: report.channel,
    status: report.status,
    code: report.code,
    detail: report.status === 'failed' ? `${report.channel}: ${report.message}` : null,
  };
}
