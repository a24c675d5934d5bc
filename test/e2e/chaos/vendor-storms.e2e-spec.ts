import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { postInBatches } from '../../support/batch-sends.js';
import { eventually, startTestStack, type TestStack, UNLIMITED_VENDOR } from '../../support/test-stack.js';

const MESSAGES = Number(process.env.HERALD_CHAOS_VENDOR_MESSAGES ?? 1000);
const FINAL = ['delivered', 'failed', 'dead'];

/**
 * The vendor misbehaving (DESIGN.md, invariants 2 and 4): errors, a budget taken by
 * someone else, answers that never come. Every message still ends final, and none
 * reaches the person twice (the vendor deduplicates Herald's ref; its count of unique
 * messages is what the person receives).
 */
describe('vendor storms', () => {
  let stack: TestStack;
  let pool: pg.Pool;
  let sequence = 0;

  beforeAll(async () => {
    stack = await startTestStack({
      sim: UNLIMITED_VENDOR,
      workerEnv: { VENDOR_TPS: '100000', WORKER_CONCURRENCY: '50', SEND_ATTEMPTS: '8', VENDOR_TIMEOUT_MS: '500' },
    });
    await stack.registerTemplate('STORM', '#{n}번 알림입니다');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await stack.close();
  });

  /** Posts `count` more sends (new numbers each time); returns their ids. */
  async function post(count: number): Promise<string[]> {
    const ids = await postInBatches(stack.api, count, 'STORM', 40_000_000 + sequence);
    sequence += count;
    return ids;
  }

  async function untilFinal(ids: string[]): Promise<Record<string, number>> {
    return eventually(
      async () => {
        const { rows } = await pool.query<{ status: string; count: string }>(
          'select status, count(*) from notifications where id = any($1::uuid[]) group by status',
          [ids],
        );
        const counts = Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
        return Object.keys(counts).every((status) => FINAL.includes(status)) ? counts : undefined;
      },
      120_000,
      'every message to be final',
    );
  }

  it.each([
    ['a 5xx storm (half the calls answered 500)', { errorRate: 0.5 }],
    ['a 429 storm (the account’s budget a tenth of Herald’s)', { tps: 200 }],
    ['timeouts (a fifth of the messages accepted but never answered)', { timeoutRate: 0.2 }],
  ])(
    'ends every message final and sends none twice through %s',
    async (name, fault) => {
      stack.sim.reset();
      stack.sim.configure({ errorRate: 0, timeoutRate: 0, tps: 100_000, ...fault });
      const started = Date.now();
      const ids = await post(MESSAGES);
      const counts = await untilFinal(ids);
      const vendor = stack.sim.stats();
      console.log(
        `${name}: ${MESSAGES} final in ${Date.now() - started} ms; ${JSON.stringify(counts)}; vendor ${JSON.stringify({ unique: vendor.uniqueMessages, duplicateRefs: vendor.duplicateRefs, rateLimited: vendor.rateLimited, serverErrors: vendor.serverErrors })}`,
      );
      // What reached a person: exactly the messages the vendor accepted, each once.
      expect(vendor.uniqueMessages).toBe((counts.delivered ?? 0) + (counts.failed ?? 0));
      expect(vendor.repeatedContent).toBe(0);
      stack.sim.configure({ errorRate: 0, timeoutRate: 0, tps: 100_000 });
    },
    180_000,
  );
});
