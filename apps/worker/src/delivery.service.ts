import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { NotificationRepository } from '../../../libs/db/src/index.js';
import { classifyVendorFailure } from '../../../libs/domain/src/index.js';
import { VendorError, type VendorClient } from '../../../libs/vendor/src/index.js';
import { VENDOR_CLIENT, WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

export type DeliveryOutcome = 'sent' | 'already-handled';

export interface DeliveryAttempt {
  notificationId: string;
  /** True when BullMQ will not try this job again after a failure. */
  isLastAttempt: boolean;
}

/**
 * Sends one notification: claim the row, call the vendor, record the outcome.
 * Failures are thrown, never swallowed: UnrecoverableError for permanent ones,
 * the original error for transient ones, so BullMQ retries exactly those.
 */
@Injectable()
export class DeliveryService implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    @Inject(VENDOR_CLIENT) private readonly vendor: VendorClient,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async deliver({ notificationId, isLastAttempt }: DeliveryAttempt): Promise<DeliveryOutcome> {
    // The conditional claim is the guard against double sends: a row already past
    // `sending` (sent, delivered, failed, cancelled) matches nothing and is left alone.
    const claimed = await this.notifications.transition(notificationId, { to: 'sending', actor: 'worker', countAttempt: true });
    if (!claimed) {
      const row = await this.notifications.find(notificationId);
      if (!row) throw new UnrecoverableError(`notification ${notificationId} does not exist`);
      this.logger.log(`notification ${notificationId} is ${row.status}; not sending again`);
      return 'already-handled';
    }

    let msgKey: string;
    try {
      const accepted = await this.vendor.sendAlimtalk({
        senderKey: this.config.VENDOR_SENDER_KEY,
        to: claimed.recipient,
        templateCode: claimed.templateCode,
        text: claimed.text,
        // Our id as the vendor's client reference: a re-sent job is deduplicated there.
        ref: claimed.id,
      });
      msgKey = accepted.msgKey;
    } catch (error) {
      await this.recordFailure(notificationId, error, isLastAttempt);
      throw error instanceof VendorError && classifyVendorFailure(error) === 'permanent'
        ? new UnrecoverableError(error.message)
        : error;
    }

    // No row moved means the vendor's delivery report overtook this write; it is final already.
    await this.notifications.transition(notificationId, { to: 'sent', actor: 'worker', code: 'A000', vendorMsgKey: msgKey });
    return 'sent';
  }

  /** Runs after the send worker has finished its active jobs (beforeApplicationShutdown). */
  onApplicationShutdown(): Promise<void> {
    return this.vendor.close();
  }

  private async recordFailure(id: string, error: unknown, isLastAttempt: boolean): Promise<void> {
    const vendorError = error instanceof VendorError ? error : undefined;
    const code = vendorError?.vendorCode ?? vendorError?.kind ?? 'error';
    const detail = (error as Error).message;
    const permanent = vendorError !== undefined && classifyVendorFailure(vendorError) === 'permanent';
    if (permanent || isLastAttempt) {
      await this.notifications.transition(id, { to: 'failed', actor: 'worker', code, detail });
    } else {
      await this.notifications.recordAttemptError(id, 'worker', code, detail);
    }
  }
}
