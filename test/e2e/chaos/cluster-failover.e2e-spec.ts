import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Cluster } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startRedisCluster, type RunningRedisCluster } from '../../../libs/devstack/src/index.js';
import { queueKeyPrefix, SEND_QUEUE } from '../../../libs/queue/src/index.js';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process.js';
import { eventually, startTestStack, type TestStack, UNLIMITED_VENDOR } from '../../support/test-stack.js';

const RECIPIENTS = Number(process.env.HERALD_CHAOS_CLUSTER_RECIPIENTS ?? 20_000);
const phone = (n: number) => `010${5000 + Math.floor(n / 9000)}${1000 + (n % 9000)}`;

/** The port of the master serving `key`'s slot now. */
async function masterOf(client: Cluster, key: string): Promise<number> {
  const slot = Number(await client.cluster('KEYSLOT', key));
  const range = (await client.cluster('SLOTS')).find(([start, end]) => slot >= start && slot <= end);
  if (!range?.[2]) throw new Error(`no master serves slot ${slot}`);
  return range[2][1];
}

/**
 * Redis Cluster failover (issue 14): a master is killed with SIGKILL mid-campaign, its
 * replica takes over, and writes the old master acknowledged but had not replicated may
 * be gone. Postgres is the truth and the reconciler re-queues what lost its job, so every
 * recipient still gets exactly one message. Reports how long sending paused.
 */
describe('a Redis Cluster master killed mid-campaign', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-chaos-cluster-'));
  let cluster: RunningRedisCluster;
  let client: Cluster;
  let stack: TestStack;
  let pool: pg.Pool;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster({ dataDir });
    client = new Cluster(cluster.seeds.split(',').map((seed) => ({ host: '127.0.0.1', port: Number(seed.split(':')[1]) })));
    stack = await startTestStack({
      inProcessWorker: false,
      apiEnv: { REDIS_CLUSTER_NODES: cluster.seeds, SEND_QUEUE_SHARDS: '3', API_RATE_LIMIT_PER_SECOND: '100000', API_RATE_LIMIT_BURST: '100000' },
      sim: UNLIMITED_VENDOR,
      workerEnv: {
        VENDOR_TPS: '2000',
        WORKER_CONCURRENCY: '30',
        WORKER_LOCK_MS: '4000',
        CAMPAIGN_WINDOW: '4000',
        RECONCILE_EVERY_MS: '1000',
        RECONCILE_AFTER_MS: '3000',
      },
    });
    await stack.registerTemplate('CLUSTER_CHAOS', '#{name}님, 봄 세일 안내입니다');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
  }, 90_000);
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await pool?.end();
    await stack?.close();
    client?.disconnect();
    await cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const delivered = async () => Number((await pool.query(`select count(*) from notifications where status = 'delivered'`)).rows[0].count);

  it(`sends ${RECIPIENTS} recipients one message each although the send queue's master is killed`, async () => {
    const created = await stack.api.request('POST', '/v1/campaigns', { body: { name: 'cluster chaos', templateCode: 'CLUSTER_CHAOS' } });
    const id = created.body.id;
    const csv = ['to,name', ...Array.from({ length: RECIPIENTS }, (_, n) => `${phone(n)},고객${n}`)].join('\n');
    const upload = await stack.api.request('POST', `/v1/campaigns/${id}/recipients`, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(upload.body).toMatchObject({ stored: RECIPIENTS, rejected: 0 });
    workers.push(await startWorkerProcess(stack.workerConfig), await startWorkerProcess(stack.workerConfig));
    const started = Date.now();
    expect((await stack.api.request('POST', `/v1/campaigns/${id}/start`)).status).toBe(200);
    await eventually(async () => (await delivered()) >= RECIPIENTS * 0.3 || undefined, 300_000, 'a third delivered');

    // The master holding the first send shard (and so a third of the campaign's jobs).
    const victim = await masterOf(client, `${queueKeyPrefix(stack.api.config, SEND_QUEUE)}:${SEND_QUEUE}:wait`);
    const atKill = stack.sim.stats().uniqueMessages;
    const killedAt = Date.now();
    await cluster.nodes.find((node) => node.port === victim)!.kill();
    // The vendor's arrivals every 100 ms, to find the longest pause in sending.
    const arrivals: Array<{ at: number; count: number }> = [{ at: killedAt, count: atKill }];
    const sampler = setInterval(() => arrivals.push({ at: Date.now(), count: stack.sim.stats().uniqueMessages }), 100);
    await cluster.untilFailedOver(victim);
    const failedOverMs = Date.now() - killedAt;

    const finalCounts = await eventually(
      async () => {
        const { rows } = await pool.query<{ status: string; count: string }>('select status, count(*) from notifications group by status');
        const counts = Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
        return (counts.delivered ?? 0) + (counts.failed ?? 0) + (counts.dead ?? 0) === RECIPIENTS ? counts : undefined;
      },
      300_000,
      'every message to reach a final status',
    );
    clearInterval(sampler);
    let longestPauseMs = 0;
    let lastArrival = killedAt;
    for (let index = 1; index < arrivals.length; index++) {
      if (arrivals[index]!.count > arrivals[index - 1]!.count) {
        longestPauseMs = Math.max(longestPauseMs, arrivals[index]!.at - lastArrival);
        lastArrival = arrivals[index]!.at;
      }
    }
    const vendor = stack.sim.stats();
    console.log(
      `cluster failover: ${RECIPIENTS} in ${Date.now() - started} ms; master ${victim} killed at ${atKill} sent; replica promoted after ${failedOverMs} ms; ` +
        `longest pause in vendor arrivals after the kill ${longestPauseMs} ms; ${JSON.stringify(finalCounts)}; ` +
        `vendor ${JSON.stringify({ unique: vendor.uniqueMessages, duplicateRefs: vendor.duplicateRefs, repeated: vendor.repeatedContent })}; ` +
        `ERROR lines by worker ${JSON.stringify(workers.map((worker) => worker.errorLines.length))}: ${workers
          .flatMap((worker) => worker.errorLines)
          .slice(0, 8)
          .join('\n')}`,
    );
    expect(finalCounts).toEqual({ delivered: RECIPIENTS });
    expect(vendor.byChannel.alimtalk).toBe(RECIPIENTS);
    expect(vendor.repeatedContent).toBe(0);
  }, 900_000);
});
