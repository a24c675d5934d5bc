import type { VendorCode } from '../../../../libs/vendor/src/protocol.js';
import type { Channel } from '../messages/message.ledger.js';
import type { Outcome } from '../outcomes/outcome.rules.js';

export interface ValidSend {
  ref: string;
  to: string;
  text: string;
  templateCode?: string;
}

export type SendValidation = { ok: true; send: ValidSend } | { ok: false; code: VendorCode; result: string };

/**
 * What differs between the vendor's send endpoints. Auth, rate limit, idempotency,
 * fault injection, acceptance and reports are shared (send.pipeline.ts), so the
 * SMS/LMS failback endpoints only need a channel each.
 */
export interface SendChannel {
  readonly name: Channel;
  readonly path: string;
  validate(body: unknown): SendValidation;
  outcomeFor(send: ValidSend): Outcome;
}

/** Korean mobile numbers, digits only. */
export const KOREAN_MOBILE = /^01[016789]\d{7,8}$/;

/** Characters as people count them (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
