import { describe, expect, it } from '@jest/globals';
import { shapeLimiter } from './rate-shape.js';

describe('shapeLimiter', () => {
  it.each([200, 1000, 5000, 37, 5, 1])('keeps the long-run rate at %i per second', (tps) => {
    const { max, duration } = shapeLimiter(tps);
    expect((max * 1000) / duration).toBeGreaterThanOrEqual(tps * 0.95);
    expect((max * 1000) / duration).toBeLessThanOrEqual(tps * 1.05);
  });

  it('uses windows of about 50 ms or more, so a window edge bursts about a twentieth of a second', () => {
    expect(shapeLimiter(200)).toEqual({ max: 10, duration: 50 });
    expect(shapeLimiter(5)).toEqual({ max: 1, duration: 200 });
  });
});
