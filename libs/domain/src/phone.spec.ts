import { describe, expect, it } from '@jest/globals';
import { maskPhone, normalizeKoreanMobile } from './phone.js';

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

  it.each(['02-123-4567', '010-1234-567', '010-1234-56789', '+1 415 555 0100', '010-abcd-5678', '', '012-1234-5678'])(
    'rejects %s',
    (input) => {
      expect(normalizeKoreanMobile(input)).toBeUndefined();
    },
  );
});

describe('maskPhone', () => {
  it('keeps the prefix and the last four digits', () => {
    expect(maskPhone('01012345678')).toBe('010****5678');
    expect(maskPhone('0111234567')).toBe('011***4567');
  });
});
