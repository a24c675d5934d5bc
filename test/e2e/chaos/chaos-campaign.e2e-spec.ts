import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startWorkerProcess, type WorkerProcess } from '../../support/worker-process.js';
import { eventually, startTestStack, type TestStack, UNLIMITED_VENDOR } from '../../support/test-stack.js';

const RECIPIENTS = Number(process.env.HERALD_CHAOS_CAMPAIGN_RECIPIENTS ?? 50_000);

/**
 * The field report's scenario (seeds/003): a big campaign, and a worker that dies
 * mid-way. Every recipient must end in a final state with exactly one message.
 */
describe('a campaign whose worker is killed mid-way', () => {
  let stack: TestStack;
  let pool: pg.Pool;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      inProcessWorker: false,
      sim: UNLIMITED_VENDOR,
      workerEnv: { WORKER_LOCK_MS: '4000', WORKER_CONCURRENCY: '50', VENDOR_TPS: '100000', CAMPAIGN_WINDOW: '10000' },
    });
    await stack.registerTemplate('CHAOS_CAMPAIGN', '#{name}님, 봄 세일 안내입니다');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await pool.end();
    await stack.close();
  });

  async function statusCounts(): Promise<Record<string, number>> {
    const { rows } = await pool.query<{ status: string; count: string }>('select status, count(*) from notifications group by status');
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  it(`sends ${RECIPIENTS} recipients exactly one message each although a worker is killed with SIGKILL and another restarted with SIGTERM`, async () => {
    const create = await stack.api.request('POST', '/v1/campaigns', { body: { name: 'chaos', templateCode: 'CHAOS_CAMPAIGN' } });
    const id = create.body.id;
    const csv = ['to,name', ...Array.from({ length: RECIPIENTS }, (_, n) => `010${5000 + Math.floor(n / 9000)}${1000 + (n % 9000)},고객${n}`)].join('\n');
    const upload = await stack.api.request('POST', `/v1/campaigns/${id}/recipients`, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(upload.body).toMatchObject({ stored: RECIPIENTS, rejected: 0 });

    workers.push(await startWorkerProcess(stack.workerConfig), await startWorkerProcess(stack.workerConfig));
    const started = Date.now();
    expect((await stack.api.request('POST', `/v1/campaigns/${id}/start`)).status).toBe(200);
    await eventually(async () => ((await statusCounts()).delivered ?? 0) >= RECIPIENTS * 0.3 || undefined, 400_000, 'a third delivered');
    console.log(`killing a worker at ${JSON.stringify(await statusCounts())}`);
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.exited;
    workers.push(await startWorkerProcess(stack.workerConfig));

    // Then a rolling restart: a graceful stop hands its batches back, quietly.
    await eventually(async () => ((await statusCounts()).delivered ?? 0) >= RECIPIENTS * 0.6 || undefined, 400_000, 'three fifths delivered');
    workers[1]!.child.kill('SIGTERM');
    expect(await workers[1]!.exited).toBe(0);
    expect(workers[1]!.errorLines).toEqual([]);
    workers.push(await startWorkerProcess(stack.workerConfig));

    const counts = await eventually(
      async () => {
        const current = await statusCounts();
        return (current.delivered ?? 0) + (current.failed ?? 0) + (current.dead ?? 0) === RECIPIENTS ? current : undefined;
      },
      600_000,
      'every message to reach a final status',
    );
    const campaign = await eventually(
      async () => {
        const view = (await stack.api.request('GET', `/v1/campaigns/${id}`)).body;
        return view.status === 'completed' ? view : undefined;
      },
      30_000,
      'the campaign to complete',
    );
    const vendor = stack.sim.stats();
    console.log(
      `campaign chaos run: ${RECIPIENTS} in ${Date.now() - started} ms; ${JSON.stringify(counts)}; vendor ${JSON.stringify({ unique: vendor.uniqueMessages, duplicateRefs: vendor.duplicateRefs, repeated: vendor.repeatedContent })}`,
    );
    console.log(
      `ERROR lines by worker: ${JSON.stringify(workers.map((worker) => worker.errorLines.length))}; ${workers
        .flatMap((worker) => worker.errorLines)
        .slice(0, 5)
        .join('\n')}`,
    );
    expect(counts).toEqual({ delivered: RECIPIENTS });
    expect(campaign.counts).toMatchObject({ delivered: RECIPIENTS, pending: 0, sending: 0 });
    expect(vendor.byChannel.alimtalk).toBe(RECIPIENTS);
    expect(vendor.repeatedContent).toBe(0);
  }, 1_200_000);
});
