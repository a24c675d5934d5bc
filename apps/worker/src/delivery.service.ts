import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { NotificationRepository } from '../../../libs/db/src/index.js';
import type { SendJobData } from '../../../libs/queue/src/index.js';
import type { VendorClient } from '../../../libs/vendor/src/index.js';
import { CampaignSendGate } from './campaign-send-gate.js';
import { RateLimitService } from './rate-limit.service.js';
import { SendFailureHandler } from './send-failure.handler.js';
import { measureVendorCall, WORKER_METRICS, type WorkerMetrics } from './worker-metrics.js';
import { VENDOR_CLIENT, WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

export type DeliveryOutcome = 'sent' | 'already-handled' | 'skipped' | 'cancelled';

/**
 * The AlimTalk leg: claim the row, call the vendor, record the outcome. Failures go
 * to the SendFailureHandler, which always rethrows, so BullMQ retries exactly the
 * transient ones.
 */
@Injectable()
export class DeliveryService implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly failures: SendFailureHandler,
    private readonly rateLimits: RateLimitService,
    private readonly campaignGate: CampaignSendGate,
    @Inject(VENDOR_CLIENT) private readonly vendor: VendorClient,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async deliver(job: Job<SendJobData>, token?: string): Promise<DeliveryOutcome> {
    const id = job.data.notificationId;
    if (job.data.campaignId) {
      const verdict = await this.campaignGate.check(job, token, 'alimtalk');
      if (verdict !== 'send') return verdict;
    }
    // The conditional claim is the guard against double sends: a row already past
    // `sending` (sent, delivered, failed, dead, cancelled) matches nothing and is left alone.
    const claimed = await this.notifications.transition(id, { to: 'sending', actor: 'worker' });
    if (!claimed) {
      const row = await this.notifications.find(id);
      if (!row) throw new UnrecoverableError(`notification ${id} does not exist`);
      this.logger.log(`notification ${id} is ${row.status}; not sending again`);
      return 'already-handled';
    }

    // Admitted after the claim, right before the call, so the time between Herald counting
    // a send and the vendor counting it is as short and as steady as it can be.
    await this.rateLimits.admit();
    let msgKey: string;
    try {
      const accepted = await measureVendorCall(this.metrics, 'alimtalk', () =>
        this.vendor.sendAlimtalk({
          senderKey: this.config.VENDOR_SENDER_KEY,
          to: claimed.recipient,
          templateCode: claimed.templateCode,
          text: claimed.text,
          // Our id as the vendor's client reference: a re-sent job is deduplicated there.
          ref: claimed.id,
        }),
      );
      msgKey = accepted.msgKey;
    } catch (error) {
      return this.failures.fail(job, 'alimtalk', error);
    }

    // No row moved means the vendor's delivery report overtook this write; it is final already.
    await this.notifications.transition(id, {
      to: 'sent',
      from: ['sending'],
      actor: 'worker',
      code: 'A000',
      vendorMsgKey: msgKey,
      countAttempt: true,
    });
    return 'sent';
  }

  /** Runs after the send worker has finished its active jobs (beforeApplicationShutdown). */
  onApplicationShutdown(): Promise<void> {
    return this.vendor.close();
  }
}
