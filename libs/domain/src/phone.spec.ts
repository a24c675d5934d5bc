import { describe, expect, it } from '@jest/globals';
import { maskPhone, maskPhonesIn, normalizeKoreanMobile } from './phone.js';

describe('normalizeKoreanMobile', () => {
  it.each([
    ['010-1234-5678', '01012345678'],
    ['01012345678', '01012345678'],
    ['+82 10-1234-5678', '01012345678'],
    ['+82 010 1234 5678', '01012345678'],
    ['821012345678', '01012345678'],
    ['0082-10-1234-5678', '01012345678'],
    ['(010) 1234.5678', '01012345678'],
    ['011-123-4567', '0111234567'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeKoreanMobile(input)).toBe(expected);
  });

  it.each(['02-123-4567', '010-1234-567', '010-1234-56789', '+1 415 555 0100', '010-abcd-5678', '', '012-1234-5678'])('rejects %s', (input) => {
    expect(normalizeKoreanMobile(input)).toBeUndefined();
  });
});

describe('maskPhone', () => {
  it('keeps the prefix and the last four digits', () => {
    expect(maskPhone('01012345678')).toBe('010****5678');
    expect(maskPhone('0111234567')).toBe('011***4567');
  });
});

describe('maskPhonesIn', () => {
  it.each([
    ['invalid phone 01012345678', 'invalid phone 010****5678'],
    ['to 010-1234-5678, cc 011 123 4567.', 'to 010****5678, cc 011***4567.'],
    ['"to":"01098765432"', '"to":"010****5432"'],
  ])('masks %s', (input, expected) => {
    expect(maskPhonesIn(input)).toBe(expected);
  });

  it.each(['0190b6f2-0101-7c3e-9a5b-010123456789', 'msgKey a01012345678 and 01012345678999', 'took 1012345678 ms'])('leaves %s alone', (input) => {
    expect(maskPhonesIn(input)).toBe(input);
  });
});
