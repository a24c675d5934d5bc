import { Injectable } from '@nestjs/common';
import { ReportQueue } from '../../../../libs/queue/src/index.js';
import type { DeliveryReportDto, ReportsReceived } from './report.dto.js';

/**
 * Takes delivery reports in: verified and validated by then, they are queued and
 * acknowledged at once; the worker applies them in batches (DESIGN.md, invariant 7).
 * Redis holds them durably from here, so a 200 never loses a report.
 */
@Injectable()
export class ReportService {
  constructor(private readonly reportQueue: ReportQueue) {}

  async accept(reports: DeliveryReportDto[]): Promise<ReportsReceived> {
    await this.reportQueue.accept(reports);
    return { received: reports.length };
  }
}
