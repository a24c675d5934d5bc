import { describe, expect, it } from '@jest/globals';
import { seedCsv, seedPhone, seedPlan } from './seed-recipients.js';

describe('seed recipients', () => {
  it('makes distinct numbers with the planned share of each outcome', () => {
    const plan = seedPlan(20_000, 0.02);
    expect(plan).toEqual({ count: 20_000, failbacks: 200, unreachable: 200 });
    const phones = Array.from({ length: plan.count }, (_, index) => seedPhone(plan, index));
    expect(new Set(phones).size).toBe(plan.count);
    expect(phones.every((phone) => /^010\d{8}$/.test(phone))).toBe(true);
    expect(phones.filter((phone) => phone.endsWith('0001'))).toHaveLength(200);
    expect(phones.filter((phone) => phone.endsWith('0004'))).toHaveLength(200);
  });

  it('has no failures at fail rate 0 and refuses more failures than it can number', () => {
    const plan = seedPlan(1000, 0);
    expect(Array.from({ length: 1000 }, (_, index) => seedPhone(plan, index)).some((phone) => /000[1-4]$/.test(phone))).toBe(false);
    expect(() => seedPlan(2_000_000, 0.5)).toThrow(/fail-rate/);
  });

  it('streams a CSV with a header and one line per recipient', () => {
    const lines = [...seedCsv(seedPlan(12, 0), 5)].join('').trim().split('\n');
    expect(lines[0]).toBe('to,name');
    expect(lines).toHaveLength(13);
  });
});
