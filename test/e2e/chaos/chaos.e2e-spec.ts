import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { connectDatabase, NotificationRepository, type DatabaseHandle, type Notification } from '../../../libs/db/src/index.js';
import { sendJob } from '../../../libs/queue/src/index.js';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process.js';
import { eventually, startTestStack, type TestStack, UNLIMITED_VENDOR } from '../../support/test-stack.js';

const MESSAGES = Number(process.env.HERALD_CHAOS_MESSAGES ?? 5000);
const FINAL = ['delivered', 'failed', 'dead'];

/**
 * Workers die; messages must not (DESIGN.md, invariants 2 and 8). Real worker
 * processes from the build, killed the way an orchestrator or a crash would.
 */
describe('worker processes dying mid-campaign', () => {
  let stack: TestStack;
  let pool: pg.Pool;
  let database: DatabaseHandle;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      inProcessWorker: false,
      // A vendor that does not deduplicate client references: a message sent twice is two messages.
      sim: { ...UNLIMITED_VENDOR, dedupeRefs: false },
      // A short lock so a killed worker's jobs come back within a few seconds (not shorter:
      // on two loaded cores a live worker must still renew its locks in time).
      workerEnv: { WORKER_LOCK_MS: '4000', WORKER_CONCURRENCY: '50', VENDOR_TPS: '100000', WORKER_SHUTDOWN_GRACE_MS: '10000' },
    });
    await stack.registerTemplate('CHAOS', '#{n}번 메시지입니다');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
    database = connectDatabase(stack.api.config.DATABASE_URL, 8);
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await pool.end();
    await database.close();
    await stack.close();
  });

  async function statusCounts(): Promise<Record<string, number>> {
    const { rows } = await pool.query<{ status: string; count: string }>('select status, count(*) from notifications group by status');
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /**
   * Stores and enqueues `count` notifications the way the API does (row first, then a
   * job whose id is the row id), directly: this test is about workers, and the API's
   * own path has its tests; going through HTTP here would only slow the run down.
   */
  async function sendMany(count: number, offset: number): Promise<void> {
    const notifications = new NotificationRepository(database.db);
    const rows: Notification[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) {
          const n = offset + next++;
          const to = `010${String(5000 + (n % 4000)).padStart(4, '0')}${String(1000 + (n % 9000)).padStart(4, '0')}`;
          const row = await notifications.insertPending(
            { id: uuidv7(), tenantId: 'default', recipient: to, templateCode: 'CHAOS', variables: { n: String(n) }, text: `${n}번 메시지입니다` },
            'test',
          );
          rows.push(row);
        }
      }),
    );
    // The campaign path: many jobs at once, each built by the one sendJob the API uses.
    for (let start = 0; start < rows.length; start += 1000) {
      await stack.api.sendQueue.addBulk(rows.slice(start, start + 1000).map((row) => sendJob(row, 'alimtalk', { attempts: stack.api.config.SEND_ATTEMPTS })));
    }
  }

  async function untilAllFinal(total: number): Promise<Record<string, number>> {
    return eventually(
      async () => {
        const counts = await statusCounts();
        const final = FINAL.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
        return final === total ? counts : undefined;
      },
      120_000,
      'every notification to reach a final status',
    );
  }

  const atVendor = () => stack.sim.stats();

  it(`delivers ${MESSAGES} messages exactly once although a worker is killed with SIGKILL mid-way`, async () => {
    await sendMany(MESSAGES, 0);
    const started = Date.now();
    workers.push(await startWorkerProcess(stack.workerConfig), await startWorkerProcess(stack.workerConfig));
    await eventually(async () => ((await statusCounts()).delivered ?? 0) >= MESSAGES * 0.3 || undefined, 60_000, 'a third delivered');
    console.log(`killing a worker at ${JSON.stringify(await statusCounts())}`);

    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.exited;
    workers.push(await startWorkerProcess(stack.workerConfig));

    const counts = await untilAllFinal(MESSAGES);
    console.log(`all final after ${Date.now() - started} ms`);
    const vendor = atVendor();
    console.log(
      `SIGKILL run: ${JSON.stringify(counts)}; vendor ${JSON.stringify({ unique: vendor.uniqueMessages, duplicateMessages: vendor.duplicateMessages, lookedUpRefs: vendor.lookedUpRefs })}`,
    );
    expect(counts.dead ?? 0).toBe(0);
    // Every notification reached the vendor as exactly one message: the rows the killed
    // worker had claimed were looked up before being sent again, and only the ones the
    // vendor never got were sent.
    expect(vendor.byChannel.alimtalk).toBe(MESSAGES);
    expect(vendor.uniqueMessages).toBe(MESSAGES);
    expect(vendor.duplicateMessages).toBe(0);
  }, 240_000);

  it('loses and doubles nothing through a SIGTERM rolling restart', async () => {
    const before = atVendor();
    const batch = Math.round(MESSAGES / 2);
    await sendMany(batch, MESSAGES);
    for (const index of [1, 2]) {
      await eventually(async () => ((await statusCounts()).pending ?? 0) < batch * (1 - index * 0.3) || undefined, 60_000, 'progress');
      workers[index]!.child.kill('SIGTERM');
      expect(await workers[index]!.exited).toBe(0);
      // A graceful stop is routine: nothing in it is an ERROR someone should look at.
      expect(workers[index]!.errorLines).toEqual([]);
      workers.push(await startWorkerProcess(stack.workerConfig));
    }
    const counts = await untilAllFinal(MESSAGES + batch);
    const after = atVendor();
    console.log(`SIGTERM run: ${JSON.stringify(counts)}; vendor ${JSON.stringify({ unique: after.uniqueMessages, duplicateRefs: after.duplicateRefs })}`);
    expect(after.uniqueMessages - before.uniqueMessages).toBe(batch);
    // A graceful stop finishes its active sends, so nothing is sent a second time.
    expect(after.duplicateRefs - before.duplicateRefs).toBe(0);
    expect(after.duplicateMessages - before.duplicateMessages).toBe(0);
  }, 240_000);
});
