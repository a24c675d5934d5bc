import { Injectable } from '@nestjs/common';
import { NotificationRepository } from '../../../../libs/db/src/index.js';
import type { DeliveryReportDto } from '../dtos/report.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies vendor delivery reports. A report for a message we do not know, or one
 * already applied, matches no row in a legal source state and changes nothing; it
 * is still acknowledged, or the vendor would retry it forever.
 * (One statement per report for now; the batching issue replaces this.)
 */
@Injectable()
export class ReportService {
  constructor(private readonly notifications: NotificationRepository) {}

  async apply(reports: DeliveryReportDto[]): Promise<{ received: number; applied: number }> {
    let applied = 0;
    for (const report of reports) {
      if (!UUID.test(report.ref)) continue;
      const moved = await this.notifications.transition(report.ref, {
        to: report.status === 'delivered' ? 'delivered' : 'failed',
        actor: 'vendor-report',
        code: report.code,
        detail: report.status === 'failed' ? report.message : null,
        vendorMsgKey: report.msgKey,
        expectMsgKey: report.msgKey,
      });
      if (moved) applied += 1;
    }
    return { received: reports.length, applied };
  }
}
