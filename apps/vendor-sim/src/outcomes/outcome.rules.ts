import type { Channel } from '../../../../libs/domain/src/index.js';
import { VENDOR_CODES, type DeliveryReport } from '../../../../libs/vendor/src/protocol.js';

export type Outcome = Pick<DeliveryReport, 'status' | 'code' | 'message'>;

const DELIVERED: Outcome = { status: 'delivered', code: VENDOR_CODES.delivered, message: 'Delivered' };
const PHONE_UNREACHABLE: Outcome = { status: 'failed', code: VENDOR_CODES.phoneUnreachable, message: 'Phone unreachable' };

/** Reaches any phone that is switched on: the KakaoTalk-only failures do not apply. */
const TEXT_MESSAGE_FAILURES: Readonly<Record<string, Outcome>> = { '0004': PHONE_UNREACHABLE };

/**
 * Tests choose a delivery outcome through the recipient's last four digits, the way
 * vendors' own sandboxes do, so no extra field has to travel through Herald. The
 * same number can fail on AlimTalk and be delivered by SMS/LMS (0001–0003): that is
 * the situation failback exists for; 0004 fails everywhere, so failback can fail too.
 */
const FAILURES_BY_LAST_DIGITS: Readonly<Record<Channel, Readonly<Record<string, Outcome>>>> = {
  alimtalk: {
    '0001': { status: 'failed', code: VENDOR_CODES.notKakaoUser, message: 'Recipient is not a KakaoTalk user' },
    '0002': { status: 'failed', code: VENDOR_CODES.alimtalkBlocked, message: 'Recipient blocked AlimTalk messages' },
    '0003': { status: 'failed', code: VENDOR_CODES.cannotSend, message: 'AlimTalk cannot be sent to this recipient' },
    '0004': PHONE_UNREACHABLE,
  },
  sms: TEXT_MESSAGE_FAILURES,
  lms: TEXT_MESSAGE_FAILURES,
};

/** The channel defaults to AlimTalk, the only one this function knew before failback. */
export function outcomeForRecipient(to: string, channel: Channel = 'alimtalk'): Outcome {
  return FAILURES_BY_LAST_DIGITS[channel][to.slice(-4)] ?? DELIVERED;
}

/** For the README and the control API: which digits trigger what on a channel. */
export function outcomeTable(channel: Channel): Array<{ lastDigits: string } & Outcome> {
  return [
    ...Object.entries(FAILURES_BY_LAST_DIGITS[channel]).map(([lastDigits, outcome]) => ({ lastDigits, ...outcome })),
    { lastDigits: 'any other', ...DELIVERED },
  ];
}
