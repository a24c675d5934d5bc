import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startApiProcess, type ApiProcess } from '../../support/api-process.js';
import { eventually, startTestStack, type TestStack, UNLIMITED_VENDOR } from '../../support/test-stack.js';

const MESSAGES = Number(process.env.HERALD_CHAOS_API_MESSAGES ?? 2000);
const PRODUCERS = 20;
const FINAL = ['delivered', 'failed', 'dead'];

/**
 * An API process killed with SIGKILL under load, twice (DESIGN.md, invariants 1, 2 and
 * 8), while producers do what the README asks: retry a request whose answer they lost
 * with the same Idempotency-Key. Every key becomes exactly one message: requests that
 * died between the row's commit and the answer are found again by the retry.
 */
describe('the API killed mid-request', () => {
  let stack: TestStack;
  let pool: pg.Pool;
  let api: ApiProcess;

  beforeAll(async () => {
    stack = await startTestStack({
      sim: UNLIMITED_VENDOR,
      workerEnv: { VENDOR_TPS: '100000', WORKER_CONCURRENCY: '50' },
    });
    await stack.registerTemplate('API_CHAOS', '#{n}번 알림입니다');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
    // A short abandonment, so that retries of the killed requests take their keys over within seconds.
    api = await startApiProcess(stack.api.config, undefined, { IDEMPOTENCY_ABANDONED_AFTER_MS: '3000' });
  }, 60_000);
  afterAll(async () => {
    api.child.kill('SIGKILL');
    await api.exited;
    await pool.end();
    await stack.close();
  });

  /** Sends message `n` until it is accepted, retrying with its key after a lost answer, a 5xx or a 409. */
  async function sendUntilAccepted(n: number, answers: Map<string, number>): Promise<string> {
    for (;;) {
      const response = await fetch(`${api.url}/v1/notifications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.api.apiKey}`, 'content-type': 'application/json', 'idempotency-key': `api-chaos-${n}` },
        body: JSON.stringify({ to: `010${String(50_000_000 + n).slice(-8)}`, templateCode: 'API_CHAOS', variables: { n: String(n) } }),
      }).catch(() => undefined);
      const label = response ? String(response.status) : 'connection lost';
      answers.set(label, (answers.get(label) ?? 0) + 1);
      if (response?.status === 202) return ((await response.json()) as { id: string }).id;
      await new Promise((resolve) => setTimeout(resolve, response?.status === 409 ? 500 : 100));
    }
  }

  it(`turns ${MESSAGES} keys into exactly ${MESSAGES} messages although the API is killed twice`, async () => {
    const answers = new Map<string, number>();
    const ids = new Map<number, string>();
    let next = 0;
    const producers = Array.from({ length: PRODUCERS }, async () => {
      while (next < MESSAGES) {
        const n = next++;
        ids.set(n, await sendUntilAccepted(n, answers));
      }
    });
    const started = Date.now();
    for (const share of [0.3, 0.6]) {
      await eventually(async () => (ids.size >= MESSAGES * share ? true : undefined), 120_000, `${share * 100}% accepted`);
      const port = Number(new URL(api.url).port);
      api.child.kill('SIGKILL');
      await api.exited;
      api = await startApiProcess(stack.api.config, port, { IDEMPOTENCY_ABANDONED_AFTER_MS: '3000' });
    }
    await Promise.all(producers);

    const counts = await eventually(
      async () => {
        const { rows } = await pool.query<{ status: string; count: string }>(
          `select status, count(*) from notifications where template_code = 'API_CHAOS' group by status`,
        );
        const byStatus = Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
        return Object.keys(byStatus).every((status) => FINAL.includes(status)) ? byStatus : undefined;
      },
      60_000,
      'every notification to be final',
    );
    const vendor = stack.sim.stats();
    console.log(
      `API killed twice: ${MESSAGES} keys in ${Date.now() - started} ms; answers ${JSON.stringify(Object.fromEntries(answers))}; rows ${JSON.stringify(counts)}; vendor ${JSON.stringify({ unique: vendor.uniqueMessages, duplicateRefs: vendor.duplicateRefs })}`,
    );
    expect(new Set(ids.values()).size).toBe(MESSAGES);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(MESSAGES);
    expect(vendor.uniqueMessages).toBe(MESSAGES);
    expect(vendor.repeatedContent).toBe(0);
  }, 240_000);
});
