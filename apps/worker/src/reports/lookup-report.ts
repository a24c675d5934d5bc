import type { Channel } from '../../../../libs/domain/src/index.js';
import type { VendorReport } from '../../../../libs/queue/src/index.js';
import type { ResultLookupEntry } from '../../../../libs/vendor/src/index.js';

/** A lookup's final answer as the delivery report it stands for: queued like one, applied by the same statement. */
export function reportOfLookup(entry: Extract<ResultLookupEntry, { state: 'final' }>, channel: Channel): VendorReport {
  return { msgKey: entry.msgKey, ref: entry.ref, channel, status: entry.status, code: entry.code, message: entry.message ?? '', reportedAt: entry.reportedAt };
}
