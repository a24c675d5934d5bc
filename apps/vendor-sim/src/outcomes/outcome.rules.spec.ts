import { describe, expect, it } from '@jest/globals';
import { outcomeForRecipient, outcomeTable } from './outcome.rules.js';

describe('outcomeForRecipient', () => {
  it.each([
    ['01012340001', 'failed', 'K101'],
    ['01012340002', 'failed', 'K102'],
    ['01012340003', 'failed', 'K103'],
    ['0161230004', 'failed', 'P101'],
    ['01012345678', 'delivered', 'R000'],
    ['01012340005', 'delivered', 'R000'],
    ['01000010000', 'delivered', 'R000'],
  ])('alimtalk (the default) %s → %s %s', (to, status, code) => {
    expect(outcomeForRecipient(to)).toMatchObject({ status, code });
    expect(outcomeForRecipient(to, 'alimtalk')).toMatchObject({ status, code });
  });

  it.each([
    ['01012340001', 'delivered', 'R000'],
    ['01012340002', 'delivered', 'R000'],
    ['01012340003', 'delivered', 'R000'],
    ['01012340004', 'failed', 'P101'],
    ['01012345678', 'delivered', 'R000'],
  ])('sms and lms %s → %s %s', (to, status, code) => {
    expect(outcomeForRecipient(to, 'sms')).toMatchObject({ status, code });
    expect(outcomeForRecipient(to, 'lms')).toMatchObject({ status, code });
  });
});

describe('outcomeTable', () => {
  it('lists each channel’s failures and the delivered default', () => {
    expect(outcomeTable('alimtalk').map((row) => row.code)).toEqual(['K101', 'K102', 'K103', 'P101', 'R000']);
    expect(outcomeTable('sms')).toEqual([
      { lastDigits: '0004', status: 'failed', code: 'P101', message: 'Phone unreachable' },
      { lastDigits: 'any other', status: 'delivered', code: 'R000', message: 'Delivered' },
    ]);
  });
});
