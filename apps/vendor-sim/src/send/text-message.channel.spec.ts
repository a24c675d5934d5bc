import { describe, expect, it } from '@jest/globals';
import type { LmsSendRequest, SmsSendRequest } from '../../../../libs/vendor/src/protocol.js';
import { createLmsChannel, createSmsChannel } from './text-message.channel.js';

const SENDER_KEY = 'sender-key';
const sms = createSmsChannel(new Set([SENDER_KEY, 'another-profile']));
const lms = createLmsChannel(new Set([SENDER_KEY]));

const smsRequest = (overrides: Partial<SmsSendRequest> = {}): SmsSendRequest => ({
  senderKey: SENDER_KEY,
  to: '01012345678',
  text: '[Herald] 주문하신 상품이 발송되었습니다.',
  ref: 'ref-1',
  ...overrides,
});
const lmsRequest = (overrides: Partial<LmsSendRequest> = {}): LmsSendRequest => ({ ...smsRequest(), title: '배송 안내', ...overrides });

// Hangul is two bytes in EUC-KR, ASCII one.
const hangul = (count: number) => '가'.repeat(count);

describe('SMS channel', () => {
  it('accepts a text of exactly 90 bytes, counted in EUC-KR', () => {
    expect(sms.validate(smsRequest({ text: hangul(45) }))).toEqual({
      ok: true,
      send: { ref: 'ref-1', senderKey: SENDER_KEY, to: '01012345678', text: hangul(45) },
    });
    expect(sms.validate(smsRequest({ text: `${hangul(44)}ab` })).ok).toBe(true);
  });

  it.each([
    ['91 bytes (45 Hangul + 1 ASCII)', `${hangul(45)}!`, 91],
    ['92 bytes (46 Hangul)', hangul(46), 92],
    ['91 ASCII characters', 'x'.repeat(91), 91],
  ])('refuses %s with E108 naming the size', (_case, text, bytes) => {
    expect(sms.validate(smsRequest({ text }))).toEqual({ ok: false, code: 'E108', result: expect.stringContaining(`${bytes} bytes`) });
  });

  it.each([
    ['a missing text', { text: undefined }, 'E102'],
    ['an empty text', { text: '' }, 'E102'],
    ['a ref over 200 chars', { ref: 'r'.repeat(201) }, 'E102'],
    ['an unknown senderKey', { senderKey: 'other' }, 'E103'],
    ['a landline number', { to: '0212345678' }, 'E104'],
  ])('refuses %s with %s', (_case, overrides, code) => {
    expect(sms.validate({ ...smsRequest(), ...overrides })).toMatchObject({ ok: false, code });
  });

  it("accepts any of the account's sender profiles, and says which one sent", () => {
    expect(sms.validate(smsRequest({ senderKey: 'another-profile' }))).toMatchObject({ ok: true, send: { senderKey: 'another-profile' } });
  });

  it('checks in the vendor order: shape, sender key, number, length', () => {
    const everythingWrong = { senderKey: 'other', to: 'bad', text: hangul(46), ref: 'r' };
    expect(sms.validate({ ...everythingWrong, ref: undefined })).toMatchObject({ code: 'E102' });
    expect(sms.validate(everythingWrong)).toMatchObject({ code: 'E103' });
    expect(sms.validate({ ...everythingWrong, senderKey: SENDER_KEY })).toMatchObject({ code: 'E104' });
    expect(sms.validate({ ...everythingWrong, senderKey: SENDER_KEY, to: '01012345678' })).toMatchObject({ code: 'E108' });
  });

  it('needs no template: any text is carried', () => {
    expect(sms.validate(smsRequest({ text: 'anything at all {#x}' })).ok).toBe(true);
  });

  it('routes on /v1/send/sms and delivers to numbers that fail on AlimTalk', () => {
    expect(sms.path).toBe('/v1/send/sms');
    expect(sms.outcomeFor({ ref: 'r', senderKey: SENDER_KEY, to: '01012340001', text: 't' })).toMatchObject({ status: 'delivered', code: 'R000' });
    expect(sms.outcomeFor({ ref: 'r', senderKey: SENDER_KEY, to: '01012340004', text: 't' })).toMatchObject({ status: 'failed', code: 'P101' });
  });
});

describe('LMS channel', () => {
  it('accepts 2000 bytes of text and a 40-byte title and keeps the title', () => {
    const request = lmsRequest({ title: hangul(20), text: hangul(1000) });
    expect(lms.validate(request)).toEqual({
      ok: true,
      send: { ref: 'ref-1', senderKey: SENDER_KEY, to: '01012345678', title: hangul(20), text: hangul(1000) },
    });
  });

  it.each([
    ['a 2001-byte text', { text: `${hangul(1000)}x` }, 'text is 2001 bytes'],
    ['a 41-byte title', { title: `${hangul(20)}x` }, 'title is 41 bytes'],
  ])('refuses %s with E108', (_case, overrides, result) => {
    expect(lms.validate(lmsRequest(overrides))).toEqual({ ok: false, code: 'E108', result: expect.stringContaining(result) });
  });

  it.each([
    ['a missing title', { title: undefined }],
    ['an empty title', { title: '' }],
    ['a title that is not a string', { title: 7 }],
  ])('refuses %s with E102 naming the field', (_case, overrides) => {
    expect(lms.validate({ ...lmsRequest(), ...overrides })).toMatchObject({ ok: false, code: 'E102', result: expect.stringContaining('title') });
  });

  it('checks the number before the length', () => {
    expect(lms.validate(lmsRequest({ to: '010', title: hangul(21) }))).toMatchObject({ code: 'E104' });
  });

  it('routes on /v1/send/lms with the SMS outcome rules', () => {
    expect(lms.path).toBe('/v1/send/lms');
    expect(lms.outcomeFor({ ref: 'r', senderKey: SENDER_KEY, to: '01012340002', text: 't' })).toMatchObject({ status: 'delivered' });
    expect(lms.outcomeFor({ ref: 'r', senderKey: SENDER_KEY, to: '01012340004', text: 't' })).toMatchObject({ code: 'P101' });
  });
});
