import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { NotificationRepository, type Notification } from '../../../../libs/db/src/index.js';
import { isChannelFailure, type NotificationStatus } from '../../../../libs/domain/src/index.js';
import { ensureJob, failbackJobId, SEND_JOB_NAMES, SEND_QUEUE, sendJobOptions, type SendJobData } from '../../../../libs/queue/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import type { DeliveryReportDto } from '../dtos/report.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which statuses a report of each leg may settle: an AlimTalk report never touches the SMS leg. */
const SETTLES: Record<DeliveryReportDto['channel'], NotificationStatus[]> = {
  alimtalk: ['sending', 'sent'],
  sms: ['failback_sent'],
  lms: ['failback_sent'],
};

/**
 * Applies vendor delivery reports. A report for a message we do not know, or one
 * already applied, matches no row in a legal source state and changes nothing; it
 * is still acknowledged, or the vendor would retry it forever. An AlimTalk failure
 * that SMS can still deliver starts the failback leg.
 * (One statement per report for now; the batching issue replaces this.)
 */
@Injectable()
export class ReportService {
  constructor(
    private readonly notifications: NotificationRepository,
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue<SendJobData>,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async apply(reports: DeliveryReportDto[]): Promise<{ received: number; applied: number }> {
    let applied = 0;
    for (const report of reports) {
      if (!UUID.test(report.ref)) continue;
      const moved = await this.notifications.transition(report.ref, {
        to: report.status === 'delivered' ? 'delivered' : 'failed',
        from: SETTLES[report.channel],
        actor: 'vendor-report',
        code: report.code,
        detail: report.status === 'failed' ? `${report.channel}: ${report.message}` : null,
        vendorMsgKey: report.msgKey,
        expectMsgKey: report.msgKey,
      });
      if (!moved) continue;
      applied += 1;
      if (this.needsFailback(report, moved)) await this.startFailback(moved.id);
    }
    return { received: reports.length, applied };
  }

  private needsFailback(report: DeliveryReportDto, row: Notification): boolean {
    return report.channel === 'alimtalk' && row.status === 'failed' && row.failbackText !== null && isChannelFailure(report.code);
  }

  /** The reconciler re-adds this if the process dies right here. */
  private async startFailback(id: string): Promise<void> {
    await ensureJob(this.sendQueue, SEND_JOB_NAMES.failback, { notificationId: id }, {
      ...sendJobOptions({ attempts: this.config.SEND_ATTEMPTS }),
      jobId: failbackJobId(id),
    });
  }
}
