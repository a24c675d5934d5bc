import { afterAll, describe, expect, it } from '@jest/globals';
import { testQueuePrefix, testRedisUrl } from '../../../test/support/test-database.js';
import { VendorRateGate } from './vendor-rate-gate.js';

describe('VendorRateGate against Redis', () => {
  const gates: VendorRateGate[] = [];
  afterAll(() => Promise.all(gates.map((gate) => gate.close())));

  const open = (prefix: string, tps: number, windowMs: number) => {
    const gate = new VendorRateGate({ redisUrl: testRedisUrl(), prefix, account: 'test', defaultTps: tps, windowMs }, 'worker');
    gates.push(gate);
    return gate;
  };

  it('grants a many-send request only as far as the window has room, and says how long the rest must wait', async () => {
    const gate = open(testQueuePrefix(), 10, 400);
    expect(await gate.admit(4)).toMatchObject({ granted: 4, waitMs: 0, tps: 10 });
    expect(await gate.admit()).toMatchObject({ granted: 1, waitMs: 0 });
    const partial = await gate.admit(8);
    expect(partial.granted).toBe(5);
    expect(partial.waitMs).toBeGreaterThan(0);
    expect(partial.waitMs).toBeLessThanOrEqual(401);
    expect((await gate.admit(3)).granted).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, partial.waitMs + 5));
    expect((await gate.admit(3)).granted).toBe(3);
  });

  it('never grants more than the budget in one window to many processes asking for many sends at once', async () => {
    const prefix = testQueuePrefix();
    const processes = Array.from({ length: 4 }, () => open(prefix, 25, 60_000));
    const decisions = await Promise.all(processes.flatMap((gate) => Array.from({ length: 5 }, () => gate.admit(7))));
    expect(decisions.reduce((sum, decision) => sum + decision.granted, 0)).toBe(25);
  });

  it('refuses a request for no sends or more than one call may carry', async () => {
    const gate = open(testQueuePrefix(), 10, 400);
    await expect(gate.admit(0)).rejects.toThrow('wanted');
    await expect(gate.admit(100_000)).rejects.toThrow('wanted');
  });
});
