import type { Channel } from '../../domain/src/index.js';
import type { AlimtalkSendRequest, LmsSendRequest, ResultLookupEntry, SendAccepted, SmsSendRequest } from './protocol.js';

/** The messaging vendor as Herald's worker sees it; tests may substitute another. */
export interface VendorClient {
  sendAlimtalk(request: AlimtalkSendRequest): Promise<SendAccepted>;
  /**
   * Many AlimTalk messages in one call. The call throws only when the request as a
   * whole failed (transport, 401, 5xx); otherwise each message gets what sendAlimtalk
   * would have given it: its acceptance, or the VendorError it would have thrown.
   */
  sendAlimtalkBulk(requests: AlimtalkSendRequest[]): Promise<Array<SendAccepted | VendorError>>;
  sendSms(request: SmsSendRequest): Promise<SendAccepted>;
  sendLms(request: LmsSendRequest): Promise<SendAccepted>;
  /**
   * What the vendor knows of these refs on one channel, one entry per ref in order
   * (POST /v1/results, at most BULK_MAX_MESSAGES refs). No refs: no call, no entries.
   * Throws a VendorError like the send calls when the lookup as a whole fails.
   */
  lookupResults(channel: Channel, refs: readonly string[]): Promise<ResultLookupEntry[]>;
  close(): Promise<void>;
}

/**
 * A vendor call that did not end in acceptance. `kind` says how it failed, so the
 * domain's classifier can decide between retry, dead letter and back-off without
 * reading message text.
 */
export class VendorError extends Error {
  constructor(
    readonly kind: 'http' | 'timeout' | 'network',
    message: string,
    readonly httpStatus?: number,
    readonly vendorCode?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'VendorError';
  }
}
