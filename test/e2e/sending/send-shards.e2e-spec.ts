import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { queueOptions, sendShardNames } from '../../../libs/queue/src/index.js';
import { startTestStack, type TestStack } from '../../support/test-stack.js';

const SHARDS = Number(process.env.SHARDS_UNDER_TEST ?? 4);
const TPS = 40;
const TEMPLATE = { code: 'SHARD', body: '#{name}님 안녕하세요' };
const phone = (n: number) => `010${7000 + Math.floor(n / 9000)}${1000 + (n % 9000)}`;

/**
 * The send queue split in SEND_QUEUE_SHARDS queues: every worker consumes all of them,
 * the vendor budget stays one across them, and single sends still go before campaign
 * traffic wherever their shard is. Runs on the one test Redis and, in
 * `npm run test:cluster`, on the local Redis Cluster (each shard on a slot of its own).
 */
describe('a sharded send queue', () => {
  let stack: TestStack;
  let shards: Queue[];
  beforeAll(async () => {
    stack = await startTestStack({
      apiEnv: { SEND_QUEUE_SHARDS: String(SHARDS) },
      sim: { SIM_TPS: TPS },
      // Two jobs per shard at once and one message per campaign job: a single send waits for
      // a free slot (a fraction of a second) but never behind the campaign's queued jobs.
      workerEnv: { VENDOR_TPS: String(TPS), WORKER_CONCURRENCY: String(2 * SHARDS), CAMPAIGN_TICK_MS: '100', CAMPAIGN_JOB_SIZE: '1' },
    });
    await stack.registerTemplate(TEMPLATE.code, TEMPLATE.body);
    shards = sendShardNames(SHARDS).map((name) => new Queue(name, queueOptions(stack.api.config, 'producer', name)));
  });
  afterAll(async () => {
    await Promise.all(shards?.map((queue) => queue.close()) ?? []);
    await stack?.close();
  });

  const completedPerShard = () => Promise.all(shards.map((queue) => queue.getJobCountByTypes('completed')));

  it('spreads sends over every shard and keeps all of them inside one vendor budget', async () => {
    expect(stack.workerConfig.SEND_QUEUE_SHARDS).toBe(SHARDS);
    const started = Date.now();
    const ids = await Promise.all(Array.from({ length: 100 }, (_, n) => stack.send({ to: phone(n), templateCode: TEMPLATE.code, variables: { name: 'S' } })));
    for (const id of ids) await stack.untilStatus(id, 'delivered', 20_000);
    const perShard = await completedPerShard();
    expect(perShard.reduce((sum, count) => sum + count, 0)).toBe(100);
    for (const count of perShard) expect(count).toBeGreaterThan(5);
    // One budget for all shards: four queues at 40/s each would have let 160 through in a second.
    const vendor = stack.sim.stats();
    expect(vendor.maxPerSecond).toBeLessThanOrEqual(TPS);
    // Exact pacing at the vendor (zero 429s under load) is issue 17's; here: no more than one in ten.
    expect(vendor.rateLimited).toBeLessThanOrEqual(10);
    expect(Date.now() - started).toBeGreaterThan(1500);
  }, 40_000);

  it('sends single messages ahead of a campaign that fills the budget, whichever shard they land on', async () => {
    const created = await stack.api.request('POST', '/v1/campaigns', { body: { name: 'shards', templateCode: TEMPLATE.code } });
    const csv = ['to,name', ...Array.from({ length: 600 }, (_, n) => `${phone(1000 + n)},고객${n}`)].join('\n');
    await stack.api.request('POST', `/v1/campaigns/${created.body.id}/recipients`, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect((await stack.api.request('POST', `/v1/campaigns/${created.body.id}/start`)).status).toBe(200);
    // 600 messages at 40/s take fifteen seconds; let the campaign fill every shard first.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const singles: Array<{ id: string; accepted: number }> = [];
    for (let n = 0; n < 8; n++) {
      const accepted = Date.now();
      singles.push({ id: await stack.send({ to: phone(5000 + n), templateCode: TEMPLATE.code, variables: { name: 'OTP' } }), accepted });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const latenciesMs: number[] = [];
    for (const single of singles) {
      const sent = (await stack.untilStatus(single.id, 'delivered', 10_000)).history.find((event) => event.toStatus === 'sent');
      latenciesMs.push(new Date(sent!.at).getTime() - single.accepted);
    }
    const campaign = (await stack.api.request('GET', `/v1/campaigns/${created.body.id}`)).body;
    // The campaign was still sending when the last single send went out: they did not wait for it.
    expect(campaign.status).toBe('running');
    expect(Math.max(...latenciesMs)).toBeLessThan(1500);
  }, 60_000);
});
