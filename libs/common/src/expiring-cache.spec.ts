import { describe, expect, it } from '@jest/globals';
import { ExpiringCache } from './expiring-cache.js';

describe('ExpiringCache', () => {
  it('reads once within the TTL, again after it, and shares concurrent misses', async () => {
    let now = 0;
    let reads = 0;
    const cache = new ExpiringCache<string, number>(1000, () => now);
    const read = async () => ++reads;
    expect(await Promise.all([cache.get('a', read), cache.get('a', read)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get('a', read)).toBe(1);
    now = 1000;
    expect(await cache.get('a', read)).toBe(2);
  });

  it('keeps neither an absent value nor a failure', async () => {
    const cache = new ExpiringCache<string, number>(1000, () => 0);
    expect(await cache.get('a', async () => undefined)).toBeUndefined();
    expect(await cache.get('a', async () => 7)).toBe(7);
    await expect(cache.get('b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('b', async () => 8)).toBe(8);
  });

  it('forgets by key, by value, and reads in flight', async () => {
    const cache = new ExpiringCache<string, { tenant: string }>(1000, () => 0);
    await cache.get('k1', async () => ({ tenant: 'a' }));
    await cache.get('k2', async () => ({ tenant: 'b' }));
    let release!: (value: { tenant: string }) => void;
    void cache.get('k3', () => new Promise((resolve) => (release = resolve)));
    cache.forgetWhere((value) => value.tenant === 'a');
    release({ tenant: 'c' });
    const reread = async () => ({ tenant: 'new' });
    expect(await cache.get('k1', reread)).toEqual({ tenant: 'new' });
    expect(await cache.get('k2', reread)).toEqual({ tenant: 'b' });
    expect(await cache.get('k3', reread)).toEqual({ tenant: 'new' });
  });
});
