import { z } from 'zod';
import { CHANNELS } from '../../../../libs/domain/src/index.js';
import { BULK_MAX_MESSAGES, type ResultLookupEntry } from '../../../../libs/vendor/src/protocol.js';
import type { AcceptedMessage } from '../messages/message.ledger.js';
import { refField } from '../send/send.channel.js';

/** POST /v1/results' body; anything else is E102, like a send's shape. */
export const resultLookupShape = z.object({
  channel: z.enum(CHANNELS),
  refs: z.array(refField).min(1).max(BULK_MAX_MESSAGES),
});

/**
 * What the vendor can say about a ref at `nowMs` (epoch ms). The outcome becomes
 * final when its report falls due, whether the callback then succeeds, fails, is
 * dropped or was never configured: the vendor knows the outcome either way, and a
 * lookup is how a client learns it when the callback did not arrive. With dedupeRefs
 * off, `message` is the first one accepted under the ref.
 */
export function resultOf(ref: string, message: AcceptedMessage | undefined, nowMs: number): ResultLookupEntry {
  if (!message) return { ref, state: 'unknown' };
  if (nowMs < Date.parse(message.reportDueAt)) return { ref, state: 'pending', msgKey: message.msgKey };
  return { ref, state: 'final', msgKey: message.msgKey, ...message.outcome, reportedAt: message.reportDueAt };
}
