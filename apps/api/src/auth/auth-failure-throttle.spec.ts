import { describe, expect, it } from '@jest/globals';
import { AuthFailureThrottle } from './auth-failure-throttle.js';

describe('AuthFailureThrottle', () => {
  it('lets an address fail `burst` times, then refuses it until a failure has refilled', () => {
    let now = 0;
    const throttle = new AuthFailureThrottle({ perSecond: 0.5, burst: 3 }, () => now);
    for (let failure = 0; failure < 3; failure += 1) {
      expect(throttle.retryAfter('10.0.0.1')).toBe(0);
      throttle.recordFailure('10.0.0.1');
    }
    expect(throttle.retryAfter('10.0.0.1')).toBe(2);
    // Another address is not affected.
    expect(throttle.retryAfter('10.0.0.2')).toBe(0);
    now = 2_000;
    expect(throttle.retryAfter('10.0.0.1')).toBe(0);
  });

  it('forgets the oldest addresses beyond its bound', () => {
    const throttle = new AuthFailureThrottle({ perSecond: 1, burst: 1, maxAddresses: 2 }, () => 0);
    for (const address of ['a', 'b', 'c']) throttle.recordFailure(address);
    expect(throttle.retryAfter('a')).toBe(0);
    expect(throttle.retryAfter('c')).toBe(1);
  });
});
