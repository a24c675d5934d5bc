import type { Channel } from '../../domain/src/index.js';

/**
 * The vendor's wire contract, modelled on Infobank OMNI's AlimTalk API. Herald's
 * vendor client and the simulator (apps/vendor-sim) both build on these types, so
 * the two cannot drift apart.
 */

/** `POST /v1/auth/token` with headers X-IB-Client-Id and X-IB-Client-Passwd. */
export interface TokenResponse {
  code: VendorCode;
  result: string;
  data: { token: string; schema: 'Bearer'; expired: string };
}

/** `POST /v1/send/alimtalk`, Authorization: Bearer <token>. */
export interface AlimtalkSendRequest {
  senderKey: string;
  /** Korean mobile number, digits only: 010xxxxxxxx. */
  to: string;
  templateCode: string;
  /** The rendered text; must match the approved template exactly. */
  text: string;
  /** Client reference, Herald's notification id; the vendor deduplicates on it. */
  ref: string;
  fallback?: { type: 'SMS' | 'LMS'; text: string; title?: string };
}

/** `POST /v1/send/sms`: at most 90 bytes of EUC-KR text. Used as AlimTalk's failback. */
export interface SmsSendRequest {
  senderKey: string;
  to: string;
  text: string;
  /** The same notification id as the AlimTalk leg; refs are deduplicated per channel. */
  ref: string;
}

/** `POST /v1/send/lms`: at most 2000 bytes of EUC-KR text and a title of at most 40. */
export interface LmsSendRequest extends SmsSendRequest {
  title: string;
}

export interface SendAccepted {
  code: typeof VENDOR_CODES.accepted;
  result: string;
  msgKey: string;
  ref: string;
}

/**
 * `POST /v1/send/alimtalk/bulk` (likewise `/sms/bulk`, `/lms/bulk`): up to
 * BULK_MAX_MESSAGES messages in one request, as vendors offer for campaigns. Each is
 * judged on its own, exactly as the single endpoint would judge it (rate budget,
 * ref deduplication, validation), and counts against the TPS budget on its own.
 */
export interface BulkSendRequest<Message> {
  messages: Message[];
}

/** One message's answer in a bulk send: its single endpoint's body plus that endpoint's HTTP status. */
export type BulkItemResult = (SendAccepted & { status: 200 }) | (VendorErrorBody & { status: number; ref?: string });

/** 200 when the request as a whole was taken; `results` in the order of `messages`. */
export interface BulkSendResponse {
  code: typeof VENDOR_CODES.accepted;
  result: string;
  results: BulkItemResult[];
}

export const BULK_MAX_MESSAGES = 1000;

/** Every non-2xx answer has this body. */
export interface VendorErrorBody {
  code: VendorCode;
  result: string;
  /** Only on 429: milliseconds until a slot frees, more precise than Retry-After. */
  retryAfterMs?: number;
}

/** What the vendor posts to the report callback URL: one report or an array. */
export interface DeliveryReport {
  msgKey: string;
  ref: string;
  channel: Channel;
  status: 'delivered' | 'failed';
  code: VendorCode;
  message: string;
  /** ISO-8601 time the vendor learned the outcome. */
  reportedAt: string;
}

/**
 * `POST /v1/results`, Authorization: Bearer <token>: what became of messages, asked by
 * ref, for when a report callback never came (Infobank OMNI offers a lookup beside
 * webhooks; NAVER SENS a per-message GET). 1 to BULK_MAX_MESSAGES refs of one channel.
 */
export interface ResultLookupRequest {
  channel: Channel;
  refs: string[];
}

/**
 * One ref's result. `unknown`: not accepted under that ref on that channel as of this
 * answer (a send still on its way may yet be). `pending`: accepted, no outcome yet.
 * `final`: the outcome its delivery report carries (or would have, had it arrived).
 */
export type ResultLookupEntry =
  | { ref: string; state: 'unknown' }
  | { ref: string; state: 'pending'; msgKey: string }
  | ({ ref: string; state: 'final'; message?: string } & Pick<DeliveryReport, 'msgKey' | 'status' | 'code' | 'reportedAt'>);

/** 200 when the lookup was taken; `results` has one entry per ref, in the order of `refs`. */
export interface ResultLookupResponse {
  code: typeof VENDOR_CODES.accepted;
  result: string;
  results: ResultLookupEntry[];
}

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` on report callbacks. */
export const SIGNATURE_HEADER = 'x-signature';

export const VENDOR_CODES = {
  accepted: 'A000',
  authFailed: 'E101',
  badRequest: 'E102',
  unknownSenderKey: 'E103',
  invalidPhone: 'E104',
  unknownTemplate: 'E105',
  templateMismatch: 'E106',
  textTooLong: 'E107',
  /** SMS over 90 bytes, LMS over 2000 bytes or its title over 40 (EUC-KR). */
  smsTooLong: 'E108',
  rateLimited: 'E429',
  serverError: 'E500',
  // Delivery report codes.
  delivered: 'R000',
  notKakaoUser: 'K101',
  alimtalkBlocked: 'K102',
  cannotSend: 'K103',
  phoneUnreachable: 'P101',
} as const;

export type VendorCode = (typeof VENDOR_CODES)[keyof typeof VENDOR_CODES];

/** AlimTalk text limit, in characters. */
export const ALIMTALK_MAX_CHARS = 1000;
