import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher } from '../../../../libs/common/src/index.js';
import { ReportQueue } from '../../../../libs/queue/src/index.js';
import type { ResultLookupEntry, VendorClient } from '../../../../libs/vendor/src/index.js';
import { VENDOR_CLIENT } from '../worker-config.js';
import { reportOfLookup } from '../reports/lookup-report.js';

/** What the vendor knows of an earlier attempt at a message Herald is about to send again. */
export type EarlierAttempt = { taken: false } | { taken: true; msgKey: string };

/**
 * Asked before a message is sent again after a run that claimed it and then died or
 * failed without a clear answer (timeout, reset): did the vendor take it? Only
 * "unknown ref" lets it be sent again, so a vendor that does not deduplicate client
 * references still gets each message once. A final answer is queued as the report it
 * stands for. Concurrent questions share one lookup call (up to 100 refs).
 */
@Injectable()
export class EarlierAttempts {
  private readonly lookups: MicroBatcher<string, ResultLookupEntry>;

  constructor(
    @Inject(VENDOR_CLIENT) vendor: VendorClient,
    private readonly reportQueue: ReportQueue,
  ) {
    this.lookups = new MicroBatcher({ run: (refs) => vendor.lookupResults('alimtalk', refs), maxSize: 100, maxWaitMs: 0 });
  }

  /** Throws (a VendorError) while the vendor cannot answer: the caller retries later rather than risk a second message. */
  async ofAlimtalk(id: string): Promise<EarlierAttempt> {
    const entry = await this.lookups.submit(id);
    if (entry.state === 'unknown') return { taken: false };
    if (entry.state === 'final') await this.reportQueue.accept([reportOfLookup(entry, 'alimtalk')]);
    return { taken: true, msgKey: entry.msgKey };
  }
}
