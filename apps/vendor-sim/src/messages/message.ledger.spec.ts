import { describe, expect, it } from '@jest/globals';
import { MessageLedger, type AcceptedMessage } from './message.ledger.js';

const message = (ref: string, overrides: Partial<AcceptedMessage> = {}) =>
  ({ channel: 'alimtalk', ref, msgKey: `k-${ref}`, to: '01012345678', text: 'hello', ...overrides }) as AcceptedMessage;

describe('MessageLedger', () => {
  it('tells a second ref carrying the same text to the same person apart from a new message', () => {
    const ledger = new MessageLedger();
    expect(ledger.record(message('a'))).toBe(true);
    expect(ledger.record(message('b'))).toBe(false);
    expect(ledger.record(message('c', { text: 'other' }))).toBe(true);
    expect(ledger.record(message('d', { channel: 'sms' }))).toBe(true);
    expect(ledger.record(message('e', { to: '01099998888' }))).toBe(true);
    ledger.clear();
    expect(ledger.record(message('b'))).toBe(true);
  });
});
