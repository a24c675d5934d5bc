import { Injectable, Logger } from '@nestjs/common';
import { ReportInboxRepository } from '../../../../libs/db/src/index.js';
import { ReportQueue } from '../../../../libs/queue/src/index.js';
import type { DeliveryReportDto, ReportsReceived } from './report.dto.js';

/**
 * Takes delivery reports in: verified and validated by then, they are queued and
 * acknowledged at once; the worker applies them in batches (DESIGN.md, invariant 7).
 * The answer is 200 only once they are durable: in Redis, or, when the queue cannot
 * take them (Redis down), in Postgres (report_inbox), from where the worker queues them
 * once Redis is back. With both down the answer is 503, and the vendor retries.
 */
@Injectable()
export class ReportService {
  private readonly logger = new Logger(ReportService.name);

  constructor(
    private readonly reportQueue: ReportQueue,
    private readonly inbox: ReportInboxRepository,
  ) {}

  async accept(reports: DeliveryReportDto[]): Promise<ReportsReceived> {
    try {
      await this.reportQueue.accept(reports);
    } catch (error) {
      await this.inbox.store(reports);
      this.logger.warn(`${reports.length} report(s) kept in Postgres: the report queue refused them (${(error as Error).message})`);
    }
    return { received: reports.length };
  }
}
