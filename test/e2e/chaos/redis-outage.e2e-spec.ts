import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import { startRedis, type RunningRedis } from '../../../libs/devstack/src/index.js';
import { queueOptions, SEND_QUEUE } from '../../../libs/queue/src/index.js';
import { postInBatches } from '../../support/batch-sends.js';
import { eventually, startTestStack, type TestStack, UNLIMITED_VENDOR } from '../../support/test-stack.js';

const MESSAGES = Number(process.env.HERALD_CHAOS_REDIS_MESSAGES ?? 3000);
const RECONCILE_AFTER_MS = 2000;
const FINAL = ['delivered', 'failed', 'dead', 'cancelled'];

/**
 * Redis is where work moves, not where it lives (DESIGN.md, invariant 1): a Redis that
 * dies, and comes back empty or from its AOF, loses nothing accepted, doubles nothing,
 * and Herald drains what it accepted meanwhile at full speed by itself.
 */
describe('Redis killed while producers post', () => {
  let redis: RunningRedis;
  let stack: TestStack;
  let pool: pg.Pool;
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-chaos-redis-'));
  let sequence = 0;

  beforeAll(async () => {
    // A Redis of this test's own, with AOF, so it can be killed and restarted on its port.
    redis = await startRedis({ dataDir });
    stack = await startTestStack({
      // The API key rate limit is not under test: producers post 3,000 at a time.
      apiEnv: { REDIS_URL: redis.url, ENQUEUE_TIMEOUT_MS: '300', API_RATE_LIMIT_PER_SECOND: '100000', API_RATE_LIMIT_BURST: '100000' },
      sim: UNLIMITED_VENDOR,
      workerEnv: { VENDOR_TPS: '100000', WORKER_CONCURRENCY: '50', RECONCILE_EVERY_MS: '1000', RECONCILE_AFTER_MS: String(RECONCILE_AFTER_MS) },
    });
    await stack.registerTemplate('OUTAGE', '#{n}번 알림입니다');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await stack.close();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Posts `count` more notifications (new numbers each time), all accepted. */
  async function post(count: number): Promise<void> {
    await postInBatches(stack.api, count, 'OUTAGE', 20_000_000 + sequence);
    sequence += count;
  }

  /** Waits until no notification is left on its way (pending, sending, sent, failback_sent); returns the counts. */
  async function untilAllFinal(timeoutMs: number): Promise<Record<string, number>> {
    return eventually(
      async () => {
        const { rows } = await pool.query<{ status: string; count: string }>('select status, count(*) from notifications group by status');
        const counts = Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
        return Object.keys(counts).every((status) => FINAL.includes(status)) ? counts : undefined;
      },
      timeoutMs,
      'every notification to be final',
    );
  }

  /** How long after `since` a single send is queued at once again (its job in Redis, not left to the reconciler). */
  async function untilASendIsQueued(since: number): Promise<number> {
    const sendQueue = new Queue(SEND_QUEUE, queueOptions(stack.api.config, 'producer', SEND_QUEUE));
    sendQueue.on('error', () => undefined);
    try {
      return await eventually(
        async () => {
          const id = await stack.send({ to: '010-3333-4444', templateCode: 'OUTAGE', variables: { n: 'probe' } });
          if (await sendQueue.getJob(id)) return Date.now() - since;
          // Not queued: the row is left to the reconciler; only the first queued probe counts.
          await pool.query(`update notifications set status = 'cancelled' where id = $1 and status = 'pending'`, [id]);
          return undefined;
        },
        30_000,
        'a single send to be queued again',
      );
    } finally {
      await sendQueue.close();
    }
  }

  let normalDrainMs = 0;

  it('drains a backlog at its normal speed while Redis is up (the baseline)', async () => {
    const started = Date.now();
    await post(MESSAGES);
    await untilAllFinal(60_000);
    normalDrainMs = Date.now() - started;
    console.log(`baseline: ${MESSAGES} posted and final in ${normalDrainMs} ms`);
  }, 90_000);

  it('restarted empty after producers posted into the outage: every row final, each message sent once, promptly', async () => {
    const before = stack.sim.stats();
    const port = redis.port;
    await redis.kill();
    // Every request is still accepted: the rows are durable; the jobs could not be queued.
    await post(MESSAGES);
    // Back on its port with nothing in it: every queue, job, scheduler and rate key is gone.
    rmSync(dataDir, { recursive: true, force: true });
    redis = await startRedis({ dataDir, port });
    const back = Date.now();
    const reconnectMs = await untilASendIsQueued(back);
    const counts = await untilAllFinal(120_000);
    const recoveryMs = Date.now() - back;
    const after = stack.sim.stats();
    console.log(
      `Redis restarted empty: the API queued a send again ${reconnectMs} ms after Redis was back; ${MESSAGES} accepted during the outage, all final ${recoveryMs} ms after (target ≤ ${RECONCILE_AFTER_MS} + ${normalDrainMs} + 30000 ms); ${JSON.stringify(counts)}`,
    );
    // The API's producer connection is back within ioredis's 2 s retry ceiling (plus a poll).
    expect(reconnectMs).toBeLessThan(5000);
    // The outage's messages and the one probe that was queued: each once.
    expect(after.uniqueMessages - before.uniqueMessages).toBe(MESSAGES + 1);
    expect(after.duplicateRefs - before.duplicateRefs).toBe(0);
  }, 180_000);

  it('restarted from its AOF while sends are in flight: every row final, each message sent once', async () => {
    const before = stack.sim.stats();
    const posting = post(MESSAGES);
    await eventually(async () => (stack.sim.stats().uniqueMessages - before.uniqueMessages > MESSAGES / 3 ? true : undefined), 60_000, 'a third sent');
    const port = redis.port;
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    redis = await startRedis({ dataDir, port });
    const back = Date.now();
    await posting;
    const counts = await untilAllFinal(120_000);
    const after = stack.sim.stats();
    console.log(`Redis restarted from AOF: all final ${Date.now() - back} ms after Redis was back; ${JSON.stringify(counts)}`);
    expect(after.uniqueMessages - before.uniqueMessages).toBe(MESSAGES);
  }, 180_000);
});
