import { describe, expect, it } from '@jest/globals';
import { BULK_MAX_MESSAGES } from '../../../../libs/vendor/src/protocol.js';
import type { AcceptedMessage } from '../messages/message.ledger.js';
import { resultLookupShape, resultOf } from './result-lookup.js';

const dueAt = Date.parse('2026-03-01T09:00:00.200Z');
const message = {
  ref: 'n-1',
  msgKey: 'k-1',
  acceptedAt: '2026-03-01T09:00:00.000Z',
  reportDueAt: new Date(dueAt).toISOString(),
  outcome: { status: 'failed', code: 'K101', message: 'Recipient is not a KakaoTalk user' },
  report: 'dropped',
} as AcceptedMessage;

describe('resultOf', () => {
  it('knows nothing of a ref never accepted', () => {
    expect(resultOf('n-2', undefined, dueAt)).toEqual({ ref: 'n-2', state: 'unknown' });
  });

  it('answers pending, with the msgKey, until the report falls due', () => {
    expect(resultOf('n-1', message, dueAt - 1)).toEqual({ ref: 'n-1', state: 'pending', msgKey: 'k-1' });
  });

  it('answers the report’s outcome from its due time on, whatever became of the callback', () => {
    const final = {
      ref: 'n-1',
      state: 'final',
      msgKey: 'k-1',
      status: 'failed',
      code: 'K101',
      message: 'Recipient is not a KakaoTalk user',
      reportedAt: message.reportDueAt,
    };
    expect(resultOf('n-1', message, dueAt)).toEqual(final);
    expect(resultOf('n-1', { ...message, report: 'none' }, dueAt + 60_000)).toEqual(final);
  });
});

describe('resultLookupShape', () => {
  it.each<[string, unknown]>([
    ['no channel', { refs: ['a'] }],
    ['an unknown channel', { channel: 'email', refs: ['a'] }],
    ['no refs', { channel: 'sms', refs: [] }],
    ['refs not a list', { channel: 'sms', refs: 'a' }],
    ['an empty ref', { channel: 'sms', refs: [''] }],
    ['a ref that is not a string', { channel: 'sms', refs: [1] }],
    ['a ref over 200 characters', { channel: 'sms', refs: ['x'.repeat(201)] }],
    ['too many refs', { channel: 'sms', refs: Array.from({ length: BULK_MAX_MESSAGES + 1 }, (_, i) => `r-${i}`) }],
  ])('refuses %s', (_case, body) => {
    expect(resultLookupShape.safeParse(body).success).toBe(false);
  });

  it('takes 1 to BULK_MAX_MESSAGES refs of one channel', () => {
    expect(resultLookupShape.safeParse({ channel: 'lms', refs: ['a'] }).success).toBe(true);
    expect(resultLookupShape.safeParse({ channel: 'alimtalk', refs: Array.from({ length: BULK_MAX_MESSAGES }, (_, i) => `r-${i}`) }).success).toBe(true);
  });
});
