import { z } from 'zod';
import { VENDOR_CODES, type VendorCode } from '../../../../libs/vendor/src/protocol.js';
import type { Channel } from '../messages/message.ledger.js';
import type { Outcome } from '../outcomes/outcome.rules.js';

export interface ValidSend {
  ref: string;
  /** The sender profile (Kakao channel) it went out from. */
  senderKey: string;
  to: string;
  text: string;
  /** AlimTalk only. */
  templateCode?: string;
  /** LMS only. */
  title?: string;
}

export type SendRefusal = { ok: false; code: VendorCode; result: string };
export type SendValidation = { ok: true; send: ValidSend } | SendRefusal;

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

/** A required field: present, a string, not empty (E102 otherwise, like the vendor). */
export const requiredString = z.string().min(1);
export const refField = requiredString.max(200);

/** Korean mobile numbers, digits only. */
export const KOREAN_MOBILE = /^01[016789]\d{7,8}$/;

/**
 * The checks every channel makes right after the shape (E102), in this order: the
 * sender key (E103), then the number (E104). Undefined when both pass.
 */
export function refuseSenderOrRecipient(senderKeys: ReadonlySet<string>, request: { senderKey: string; to: string }): SendRefusal | undefined {
  if (!senderKeys.has(request.senderKey)) {
    return { ok: false, code: VENDOR_CODES.unknownSenderKey, result: 'Unknown senderKey' };
  }
  if (!KOREAN_MOBILE.test(request.to)) {
    return { ok: false, code: VENDOR_CODES.invalidPhone, result: 'to must be a Korean mobile number, digits only' };
  }
  return undefined;
}

/** Characters as people count them (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
