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

describe('MessageLedger with several messages under one ref (dedupeRefs off)', () => {
  it('finds the first by ref and settles each report on its own message', () => {
    const ledger = new MessageLedger();
    const first = message('a', { msgKey: 'k-1', report: 'pending' });
    const second = message('a', { msgKey: 'k-2', report: 'pending' });
    ledger.record(first);
    ledger.recordAgain(second);
    expect(ledger.find('alimtalk', 'a')).toBe(first);

    ledger.markReport('k-2', 'sent');
    expect(second.report).toBe('sent');
    expect(first.report).toBe('pending');
    ledger.clear();
    ledger.markReport('k-1', 'sent');
    expect(first.report).toBe('pending');
  });
});
