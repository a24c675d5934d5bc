import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotificationRepository, type Notification } from '../../../../libs/db/src/index.js';
import { UnrecoverableError, type Job, type MessageJobData } from '../../../../libs/queue/src/index.js';
import type { SendAccepted, VendorClient } from '../../../../libs/vendor/src/index.js';
import { CampaignSendGate } from '../campaigns/campaign-send-gate.js';
import type { DeliveryOutcome } from './alimtalk-leg.js';
import { SendFailureHandler } from './send-failure.handler.js';
import { SendStatusWriter } from './send-status-writer.js';
import { SenderProfiles } from './sender-profiles.js';
import { VendorRateGate } from './vendor-rate-gate.js';
import { measureVendorCall, WORKER_METRICS, type WorkerMetrics } from '../worker-metrics.js';
import { VENDOR_CLIENT } from '../worker-config.js';

/**
 * The SMS/LMS leg, sent when AlimTalk could not reach the person. It runs only while
 * the row is `failed` with failback text; once the vendor accepts, the row moves to
 * `failback_sent`, so a re-delivered job finds nothing to do. The notification id is
 * the ref here too: the vendor deduplicates refs per channel.
 */
@Injectable()
export class FailbackLeg {
  private readonly logger = new Logger(FailbackLeg.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly statuses: SendStatusWriter,
    private readonly failures: SendFailureHandler,
    private readonly rateGate: VendorRateGate,
    private readonly campaignGate: CampaignSendGate,
    private readonly senderProfiles: SenderProfiles,
    @Inject(VENDOR_CLIENT) private readonly vendor: VendorClient,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async deliver(job: Job<MessageJobData>, token?: string): Promise<DeliveryOutcome> {
    const id = job.data.notificationId;
    const row = await this.notifications.find(id);
    if (!row) throw new UnrecoverableError(`notification ${id} does not exist`);
    const channel = row.failbackChannel;
    if (row.status !== 'failed' || !row.failbackText || !channel) {
      this.logger.log(`notification ${id} is ${row.status}; no failback to send`);
      return 'already-handled';
    }
    if (row.campaignId) {
      const verdict = await this.campaignGate.check(job, token, 'failback');
      if (verdict !== 'send') return verdict;
    }

    await this.rateGate.admit();
    let accepted: SendAccepted;
    try {
      accepted = await measureVendorCall(this.metrics, channel, () => this.send(row));
    } catch (error) {
      return this.failures.fail(job, { leg: 'failback', channel }, error);
    }
    await this.statuses.move({
      id,
      from: 'failed',
      to: 'failback_sent',
      code: 'A000',
      detail: `failback by ${channel.toUpperCase()}`,
      vendorMsgKey: accepted.msgKey,
      countAttempt: true,
    });
    return 'sent';
  }

  private async send(row: Notification): Promise<SendAccepted> {
    const request = { senderKey: await this.senderProfiles.senderKeyOf(row.tenantId), to: row.recipient, text: row.failbackText!, ref: row.id };
    return row.failbackChannel === 'lms' ? this.vendor.sendLms({ ...request, title: row.failbackTitle ?? '' }) : this.vendor.sendSms(request);
  }
}
