import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher } from '../../../../libs/common/src/index.js';
import { VendorError, type AlimtalkSendRequest, type SendAccepted, type VendorClient } from '../../../../libs/vendor/src/index.js';
import { VENDOR_CLIENT, WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/**
 * Sends the AlimTalk messages of all concurrent jobs of this process that pass the
 * rate gate together in one bulk call (up to VENDOR_BULK_MAX; 1 turns bulk calls
 * off, for a vendor without them). One HTTP exchange instead of one per message is
 * most of what a send costs the worker and the vendor. Each job still gets its own
 * message's answer: its acceptance, or the error a single call would have thrown,
 * so retries, dead letters and failback stay per message.
 */
@Injectable()
export class AlimtalkBulkSender {
  private readonly bulk?: MicroBatcher<AlimtalkSendRequest, SendAccepted | VendorError>;

  constructor(
    @Inject(VENDOR_CLIENT) private readonly vendor: VendorClient,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
  ) {
    if (config.VENDOR_BULK_MAX > 1) {
      // No in-flight limit: the vendor's latency must not hold back the next admitted group.
      this.bulk = new MicroBatcher({ run: (requests) => vendor.sendAlimtalkBulk(requests), maxSize: config.VENDOR_BULK_MAX, maxWaitMs: 0 });
    }
  }

  async send(request: AlimtalkSendRequest): Promise<SendAccepted> {
    if (!this.bulk) return this.vendor.sendAlimtalk(request);
    const result = await this.bulk.submit(request);
    if (result instanceof VendorError) throw result;
    return result;
  }
}
