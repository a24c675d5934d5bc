import { describe, expect, it } from '@jest/globals';
import { SlidingWindowLimiter } from './sliding-window.limiter.js';

/** Brute-force check of the contract, independent of the ring buffer. */
function maxInAnySlidingSecond(times: number[]): number {
  let max = 0;
  for (const end of times) max = Math.max(max, times.filter((t) => t <= end && end - t < 1000).length);
  return max;
}

describe('SlidingWindowLimiter', () => {
  it('admits N in a window and refuses the next with the exact wait', () => {
    const limiter = new SlidingWindowLimiter(3);
    expect(limiter.tryAdmit(0)).toEqual({ admitted: true, inWindow: 1 });
    expect(limiter.tryAdmit(100)).toEqual({ admitted: true, inWindow: 2 });
    expect(limiter.tryAdmit(200)).toEqual({ admitted: true, inWindow: 3 });
    expect(limiter.tryAdmit(250.5)).toEqual({ admitted: false, retryAfterMs: 750 });
    expect(limiter.tryAdmit(999)).toEqual({ admitted: false, retryAfterMs: 1 });
    // 1000 ms after the first admission its slot is free again.
    expect(limiter.tryAdmit(1000)).toEqual({ admitted: true, inWindow: 3 });
    expect(limiter.maxPerWindow).toBe(3);
  });

  it('never lets a token-bucket style double burst through across a second boundary', () => {
    const limiter = new SlidingWindowLimiter(10);
    const admitted: number[] = [];
    // Bursts just before and just after a wall-clock second boundary.
    for (const t of [...Array(20).fill(990), ...Array(20).fill(1010)]) if (limiter.tryAdmit(t).admitted) admitted.push(t);
    expect(admitted).toHaveLength(10);
    expect(maxInAnySlidingSecond(admitted)).toBe(10);
  });

  it('reports the exact max per sliding window under random traffic', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const limiter = new SlidingWindowLimiter(25);
    const admitted: number[] = [];
    let now = 0;
    for (let i = 0; i < 3000; i++) {
      now += random() < 0.5 ? 0 : random() * 30;
      if (i === 1000) limiter.setLimit(7);
      if (i === 2000) limiter.setLimit(40);
      if (limiter.tryAdmit(now).admitted) admitted.push(now);
    }
    expect(limiter.maxPerWindow).toBe(maxInAnySlidingSecond(admitted));
    expect(maxInAnySlidingSecond(admitted)).toBeLessThanOrEqual(40);
  });

  it('reports the true maximum when traffic never reaches the cap', () => {
    const limiter = new SlidingWindowLimiter(10);
    for (const t of [0, 400, 900, 1200, 1300, 2500]) limiter.tryAdmit(t);
    // {400, 900, 1200, 1300} is the busiest window.
    expect(limiter.maxPerWindow).toBe(4);
  });

  it('keeps admissions made before lowering then raising the limit', () => {
    const limiter = new SlidingWindowLimiter(5);
    for (let i = 0; i < 5; i++) limiter.tryAdmit(i);
    limiter.setLimit(2);
    expect(limiter.tryAdmit(10).admitted).toBe(false);
    limiter.setLimit(6);
    // Five admissions are still in the window, so exactly one more fits.
    expect(limiter.tryAdmit(11)).toEqual({ admitted: true, inWindow: 6 });
    expect(limiter.tryAdmit(12)).toEqual({ admitted: false, retryAfterMs: 988 });
  });

  it('forgets the window and the maximum on reset', () => {
    const limiter = new SlidingWindowLimiter(1);
    limiter.tryAdmit(0);
    limiter.reset();
    expect(limiter.maxPerWindow).toBe(0);
    expect(limiter.tryAdmit(1)).toEqual({ admitted: true, inWindow: 1 });
  });

  it('rejects a non-positive limit', () => {
    expect(() => new SlidingWindowLimiter(1).setLimit(0)).toThrow(RangeError);
  });
});
