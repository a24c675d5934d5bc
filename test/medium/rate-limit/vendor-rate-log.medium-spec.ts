import { afterAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { testQueuePrefix, testRedisUrl } from '../../support/test-database.js';
import { VendorRateLog } from '../../../libs/rate-limit/src/vendor-rate-log.js';

describe('VendorRateLog against Redis', () => {
  const gates: VendorRateLog[] = [];
  afterAll(() => Promise.all(gates.map((gate) => gate.close())));

  const open = (prefix: string, tps: number, windowMs: number) => {
    const gate = new VendorRateLog({ redis: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix }, account: 'test', defaultTps: tps, windowMs }, 'worker');
    gates.push(gate);
    return gate;
  };

  it('grants a many-send request only as far as the window has room, and says how long the rest must wait', async () => {
    const gate = open(testQueuePrefix(), 10, 400);
    expect(await gate.admit(4)).toEqual({ delaysMs: [0, 0, 0, 0], waitMs: 0, tps: 10 });
    expect((await gate.admit()).delaysMs).toEqual([0]);
    const partial = await gate.admit(8);
    expect(partial.delaysMs).toEqual([0, 0, 0, 0, 0]);
    expect(partial.waitMs).toBeGreaterThan(0);
    expect(partial.waitMs).toBeLessThanOrEqual(400);
    expect((await gate.admit(3)).delaysMs).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, partial.waitMs + 5));
    expect((await gate.admit(3)).delaysMs).toEqual([0, 0, 0]);
  });

  it('never grants more than the budget in one window to many processes asking for many sends at once', async () => {
    const prefix = testQueuePrefix();
    const processes = Array.from({ length: 4 }, () => open(prefix, 25, 60_000));
    const decisions = await Promise.all(processes.flatMap((gate) => Array.from({ length: 5 }, () => gate.admit(7))));
    expect(decisions.reduce((sum, decision) => sum + decision.delaysMs.length, 0)).toBe(25);
  });

  it('reserves the instant each slot frees, exactly one window after its last use, up to the hold it is allowed', async () => {
    const gate = open(testQueuePrefix(), 10, 400);
    const first = await gate.admit(25, 1000);
    expect(first.delaysMs).toHaveLength(25);
    expect(first.delaysMs.slice(0, 10)).toEqual(Array(10).fill(0));
    // Send i + 10 starts one window after send i: never 11 in any 400 ms, and no slot idles.
    for (let index = 0; index + 10 < 25; index++) {
      expect(first.delaysMs[index + 10]! - first.delaysMs[index]!).toBeCloseTo(400, 2);
    }
    // The log is now booked up to 800 ms ahead: a hold of 500 ms gets nothing, and is told
    // when the next slot (at 800 ms, the 6th send's slot freeing) comes within its reach.
    const refused = await gate.admit(1, 500);
    expect(refused.delaysMs).toHaveLength(0);
    expect(refused.waitMs).toBeGreaterThan(250);
    expect(refused.waitMs).toBeLessThanOrEqual(300);
  });

  it('books slots for many processes asking at once so that no window ever holds more than the budget', async () => {
    const prefix = testQueuePrefix();
    const processes = Array.from({ length: 3 }, () => open(prefix, 20, 200));
    const decisions = await Promise.all(processes.flatMap((gate) => Array.from({ length: 4 }, () => gate.admit(15, 600))));
    const granted = decisions.reduce((sum, decision) => sum + decision.delaysMs.length, 0);
    // Each call's delays count from its own instant, so the instants booked are read from the log itself.
    const redis = new Redis(testRedisUrl());
    const booked = (await redis.zrange(`${prefix}:vendor-rate:{test}:log`, '0', '-1', 'WITHSCORES')).filter((_, index) => index % 2 === 1).map(Number);
    await redis.quit();
    expect(booked).toHaveLength(granted);
    // 20 at once, then 20 more at each of 200 and 400 ms, up to the 600 ms hold: 60 to 80 sends.
    expect(granted).toBeGreaterThanOrEqual(60);
    expect(granted).toBeLessThanOrEqual(80);
    for (let index = 0; index + 20 < booked.length; index++) expect(booked[index + 20]! - booked[index]!).toBeGreaterThanOrEqual(200);
  });

  it('refuses a request for no sends, more than one call may carry, or a negative hold', async () => {
    const gate = open(testQueuePrefix(), 10, 400);
    await expect(gate.admit(0)).rejects.toThrow('wanted');
    await expect(gate.admit(100_000)).rejects.toThrow('wanted');
    await expect(gate.admit(1, -1)).rejects.toThrow('maxHoldMs');
  });
});
