import { VENDOR_CODES, type DeliveryReport } from '../../../../libs/vendor/src/protocol.js';

export type Outcome = Pick<DeliveryReport, 'status' | 'code' | 'message'>;

const DELIVERED: Outcome = { status: 'delivered', code: VENDOR_CODES.delivered, message: 'Delivered' };

/**
 * Tests choose a delivery outcome through the recipient's last four digits, the way
 * vendors' own sandboxes do, so no extra field has to travel through Herald.
 */
const FAILURES_BY_LAST_DIGITS: Readonly<Record<string, Outcome>> = {
  '0001': { status: 'failed', code: VENDOR_CODES.notKakaoUser, message: 'Recipient is not a KakaoTalk user' },
  '0002': { status: 'failed', code: VENDOR_CODES.alimtalkBlocked, message: 'Recipient blocked AlimTalk messages' },
  '0003': { status: 'failed', code: VENDOR_CODES.cannotSend, message: 'AlimTalk cannot be sent to this recipient' },
  '0004': { status: 'failed', code: VENDOR_CODES.phoneUnreachable, message: 'Phone unreachable' },
};

export function outcomeForRecipient(to: string): Outcome {
  return FAILURES_BY_LAST_DIGITS[to.slice(-4)] ?? DELIVERED;
}

/** For the README and the control API: which digits trigger what. */
export function outcomeTable(): Array<{ lastDigits: string } & Outcome> {
  return [
    ...Object.entries(FAILURES_BY_LAST_DIGITS).map(([lastDigits, outcome]) => ({ lastDigits, ...outcome })),
    { lastDigits: 'any other', ...DELIVERED },
  ];
}
