import { describe, expect, it } from '@jest/globals';
import { eucKrByteLength, failbackChannelFor } from './sms-length.js';

describe('eucKrByteLength', () => {
  it('counts ASCII as one byte and Hangul as two', () => {
    expect(eucKrByteLength('abc 123')).toBe(7);
    expect(eucKrByteLength('김철수님')).toBe(8);
    expect(eucKrByteLength('주문 A-1')).toBe(8);
  });
});

describe('failbackChannelFor', () => {
  it('picks SMS up to 90 bytes, LMS up to 2000, nothing beyond', () => {
    expect(failbackChannelFor('가'.repeat(45))).toBe('sms');
    expect(failbackChannelFor('가'.repeat(45) + 'a')).toBe('lms');
    expect(failbackChannelFor('가'.repeat(1000))).toBe('lms');
    expect(failbackChannelFor('가'.repeat(1000) + 'a')).toBeUndefined();
  });
});
