import type { JobsOptions, Queue } from 'bullmq';
import type { Channel } from '../../../domain/src/index.js';
import { HeraldQueue, type QueueBounds } from '../herald-queue.js';

/**
 * Vendor delivery reports, acknowledged at once by the API and applied by the worker
 * in batches (DESIGN.md, invariant 7). One job per callback: the reports it carried.
 */
export const REPORTS_QUEUE = 'vendor-reports';
/** `12 reports`: how many one callback carried, as Bull Board lists it. */
export const reportJobName = (count: number): string => `${count} report${count === 1 ? '' : 's'}`;

export interface VendorReport {
  msgKey: string;
  ref: string;
  channel: Channel;
  status: 'delivered' | 'failed';
  code: string;
  message: string;
  reportedAt: string;
}

export interface ReportJobData {
  reports: VendorReport[];
  receivedAt: string;
}

const REPORT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export class ReportQueue extends HeraldQueue<ReportJobData> {
  constructor(queue: Queue<ReportJobData>, bounds?: QueueBounds) {
    super(queue, bounds);
  }

  /** Redis holds the reports durably once this resolves, so the callback may be answered 200. */
  async accept(reports: VendorReport[]): Promise<void> {
    await this.command('queueing reports', (queue) =>
      queue.add(reportJobName(reports.length), { reports, receivedAt: new Date().toISOString() }, REPORT_JOB_OPTIONS),
    );
  }

  /**
   * Callbacks the API kept in Postgres while Redis was down (report_inbox), each a job
   * as if it had been queued then; named after its row, so handing one on twice queues it once.
   */
  async acceptStored(callbacks: Array<ReportJobData & { inboxId: string }>): Promise<void> {
    await this.addBulk(
      callbacks.map(({ inboxId, ...data }) => ({ name: reportJobName(data.reports.length), data, opts: { ...REPORT_JOB_OPTIONS, jobId: `inbox-${inboxId}` } })),
    );
  }
}
