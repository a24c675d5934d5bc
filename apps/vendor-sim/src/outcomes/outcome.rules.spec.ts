import { describe, expect, it } from '@jest/globals';
import { outcomeForRecipient } from './outcome.rules.js';

describe('outcomeForRecipient', () => {
  it.each([
    ['01012340001', 'failed', 'K101'],
    ['01012340002', 'failed', 'K102'],
    ['01012340003', 'failed', 'K103'],
    ['0161230004', 'failed', 'P101'],
    ['01012345678', 'delivered', 'R000'],
    ['01012340005', 'delivered', 'R000'],
    ['01000010000', 'delivered', 'R000'],
  ])('%s → %s %s', (to, status, code) => {
    expect(outcomeForRecipient(to)).toMatchObject({ status, code });
  });
});
