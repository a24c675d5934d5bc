import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './retry-delay.js';

const policy = { baseMs: 1000, capMs: 30_000 };

describe('retryDelayMs', () => {
  it('grows exponentially, within [half, full] of base × 2^(n-1)', () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const full = 1000 * 2 ** (attempt - 1);
      const delay = retryDelayMs(attempt, policy, 'job-1');
      expect(delay).toBeGreaterThanOrEqual(full / 2);
      expect(delay).toBeLessThanOrEqual(full);
    }
  });

  it('never exceeds the cap', () => {
    expect(retryDelayMs(30, policy, 'job-1')).toBeLessThanOrEqual(30_000);
  });

  it('is the same for the same job and attempt, and spreads across jobs', () => {
    expect(retryDelayMs(3, policy, 'job-1')).toBe(retryDelayMs(3, policy, 'job-1'));
    const delays = new Set(Array.from({ length: 50 }, (_, index) => retryDelayMs(3, policy, `job-${index}`)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
