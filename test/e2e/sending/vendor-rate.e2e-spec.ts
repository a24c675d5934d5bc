import { afterAll, describe, expect, it } from '@jest/globals';
import { WORKER_METRICS, type WorkerMetrics } from '../../../apps/worker/src/worker-metrics.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const variables = { name: 'R' };

async function stackWith(workerEnv: Record<string, string>, simTps: number): Promise<TestStack> {
  const stack = await startTestStack({ workerEnv, sim: { SIM_TPS: simTps } });
  await stack.registerTemplate('RATE', '#{name}님 안녕하세요');
  return stack;
}

const sendMany = (stack: TestStack, count: number) =>
  Promise.all(Array.from({ length: count }, (_, index) => stack.send({ to: `010-7000-${String(1000 + index)}`, templateCode: 'RATE', variables })));

describe('the vendor TPS budget', () => {
  const stacks: TestStack[] = [];
  afterAll(() => Promise.all(stacks.map((stack) => stack.close())));

  // Herald admits at most TPS sends per sliding window by Redis's clock; the vendor counts
  // arrivals, a few ms later and not always in the same order, so under load a rare send
  // still meets a 429. The vendor's cap is never passed and such a send loses no attempt.
  it('keeps every sliding second at or under the cap, with at most a rare 429 that costs no attempt', async () => {
    const stack = await stackWith({ VENDOR_TPS: '1000', WORKER_CONCURRENCY: '50' }, 40);
    stacks.push(stack);
    const set = await stack.api.operator('PUT', '/v1/vendor/rate-limit', { body: { tps: 40 } });
    expect(set.body).toEqual({ tps: 40, limiter: { max: 2, duration: 50 } });
    const started = Date.now();
    const ids = await sendMany(stack, 100);
    for (const id of ids) await stack.untilStatus(id, 'delivered', 20_000);
    const vendor = stack.sim.stats();
    expect(vendor.rateLimited).toBeLessThanOrEqual(5);
    expect(vendor.maxPerSecond).toBeLessThanOrEqual(40);
    for (const id of ids) expect((await stack.api.sendQueue.getJob(id))?.attemptsMade).toBe(1);
    // 100 sends at 40 per sliding second cannot finish in under 1.5 s.
    expect(Date.now() - started).toBeGreaterThan(1500);
  }, 40_000);

  it('treats a vendor 429 as a pause, not a failure: no attempt is spent', async () => {
    // Herald believes the budget is 1000/s; the vendor allows 20. Every excess send meets a 429.
    const stack = await stackWith({ VENDOR_TPS: '1000', WORKER_CONCURRENCY: '50' }, 20);
    stacks.push(stack);
    const ids = await sendMany(stack, 60);
    for (const id of ids) await stack.untilStatus(id, 'delivered', 30_000);
    expect(stack.sim.stats().rateLimited).toBeGreaterThan(0);
    const metrics = stack.worker!.get<WorkerMetrics>(WORKER_METRICS);
    expect((await metrics.vendorRateLimited.get()).values[0]?.value).toBeGreaterThan(0);
    for (const id of ids) {
      const job = await stack.api.sendQueue.getJob(id);
      // One finished attempt: the 429s turned the job back without counting.
      expect(job?.attemptsMade).toBe(1);
      expect((await stack.read(id)).history.some((event: any) => event.toStatus === 'dead')).toBe(false);
    }
  }, 60_000);

  it('fails a job like a transient error once the vendor has turned it back too often', async () => {
    const stack = await stackWith({ VENDOR_TPS: '1000', MAX_RATE_LIMITED_STARTS: '0' }, 1);
    stacks.push(stack);
    const ids = await sendMany(stack, 3);
    const rows = await Promise.all(
      ids.map((id) =>
        eventually(async () => {
          const row = await stack.read(id);
          return ['delivered', 'dead'].includes(row.status) ? row : undefined;
        }, 30_000),
      ),
    );
    const limited = rows.flatMap((row) => row.history).filter((event) => event.code === 'E429');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.nextAttemptAt).toEqual(expect.any(String));
  }, 40_000);

  it('validates a budget change and reports the budget in force', async () => {
    const stack = stacks[0]!;
    expect((await stack.api.operator('PUT', '/v1/vendor/rate-limit', { body: { tps: 0 } })).body.error.field).toBe('tps');
    expect((await stack.api.operator('PUT', '/v1/vendor/rate-limit', { body: { tps: 5000 } })).status).toBe(200);
    expect((await stack.api.operator('GET', '/v1/vendor/rate-limit')).body).toEqual({ tps: 5000, limiter: { max: 250, duration: 50 } });
    expect((await stack.api.operator('GET', '/v1/vendor/rate-limit', { headers: { authorization: '' } })).status).toBe(401);
  });
});
