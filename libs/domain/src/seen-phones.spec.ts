import { describe, expect, it } from '@jest/globals';
import { SeenPhones } from './seen-phones.js';

describe('SeenPhones', () => {
  it('says yes once per phone, for 010 numbers and legacy prefixes alike', () => {
    const seen = new SeenPhones();
    expect(['01012345678', '01012345679', '01099999999', '01000000000', '0111234567'].map((phone) => seen.add(phone))).toEqual([true, true, true, true, true]);
    expect(['01012345678', '01099999999', '01000000000', '0111234567'].map((phone) => seen.add(phone))).toEqual([false, false, false, false]);
  });

  it('keeps neighbouring numbers apart', () => {
    const seen = new SeenPhones();
    for (let n = 0; n < 16; n++) expect(seen.add(`0105000${String(n).padStart(4, '0')}`)).toBe(true);
    for (let n = 0; n < 16; n++) expect(seen.add(`0105000${String(n).padStart(4, '0')}`)).toBe(false);
  });
});
