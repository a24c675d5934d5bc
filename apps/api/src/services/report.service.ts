import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { REPORT_JOB_OPTIONS, reportJobName, REPORTS_QUEUE, type ReportJobData } from '../../../../libs/queue/src/index.js';
import type { DeliveryReportDto } from '../dtos/report.dto.js';

/**
 * Takes delivery reports in: verified and validated by then, they are queued and
 * acknowledged at once; the worker applies them in batches (DESIGN.md, invariant 7).
 * Redis holds them durably from here, so a 200 never loses a report.
 */
@Injectable()
export class ReportService {
  constructor(@InjectQueue(REPORTS_QUEUE) private readonly reportsQueue: Queue<ReportJobData>) {}

  async accept(reports: DeliveryReportDto[]): Promise<{ received: number }> {
    await this.reportsQueue.add(reportJobName(reports.length), { reports, receivedAt: new Date().toISOString() }, REPORT_JOB_OPTIONS);
    return { received: reports.length };
  }
}
