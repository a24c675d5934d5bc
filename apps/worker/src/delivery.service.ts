import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { validate as isUuid } from 'uuid';
import type { SendJobData } from '../../../libs/queue/src/index.js';
import type { VendorClient } from '../../../libs/vendor/src/index.js';
import { AlimtalkSender } from './alimtalk-sender.js';
import { CampaignSendGate } from './campaign-send-gate.js';
import { RateLimitService } from './rate-limit.service.js';
import { SendFailureHandler } from './send-failure.handler.js';
import { StatusBatcher } from './status-batcher.js';
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
    private readonly statuses: StatusBatcher,
    private readonly failures: SendFailureHandler,
    private readonly rateLimits: RateLimitService,
    private readonly campaignGate: CampaignSendGate,
    private readonly alimtalkSender: AlimtalkSender,
    @Inject(VENDOR_CLIENT) private readonly vendor: VendorClient,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    @Inject(WORKER_METRICS) private readonly metrics: WorkerMetrics,
  ) {}

  async deliver(job: Job<SendJobData>, token?: string): Promise<DeliveryOutcome> {
    const id = job.data.notificationId;
    // Checked here so that one malformed id cannot fail the shared claim statement of other jobs.
    if (!isUuid(id)) throw new UnrecoverableError(`notification id ${JSON.stringify(id)} is not a UUID`);
    if (job.data.campaignId) {
      const verdict = await this.campaignGate.check(job, token, 'alimtalk');
      if (verdict !== 'send') return verdict;
    }
    // The conditional claim is the guard against double sends: a row already past
    // `sending` (sent, delivered, failed, dead, cancelled) is not claimed and is left alone.
    const claim = await this.statuses.claim(id);
    if (!claim) throw new UnrecoverableError(`notification ${id} does not exist`);
    if (!claim.claimed) {
      this.logger.log(`notification ${id} is ${claim.row.status}; not sending again`);
      return 'already-handled';
    }
    const claimed = claim.row;

    // Admitted after the claim, right before the call, so the time between Herald counting
    // a send and the vendor counting it is as short and as steady as it can be.
    await this.rateLimits.admit();
    let msgKey: string;
    try {
      const accepted = await measureVendorCall(this.metrics, 'alimtalk', () =>
        this.alimtalkSender.send({
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

    // Not moved means the vendor's delivery report overtook this write; it is final already.
    await this.statuses.move({ id, from: 'sending', to: 'sent', code: 'A000', vendorMsgKey: msgKey, countAttempt: true });
    return 'sent';
  }

  /** Runs after the send worker has finished its active jobs (beforeApplicationShutdown). */
  onApplicationShutdown(): Promise<void> {
    return this.vendor.close();
  }
}
