import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { postInBatches } from '../../support/batch-sends.js';
import { eventually, startTestStack, UNLIMITED_VENDOR, type TestStack } from '../../support/test-stack.js';

const MESSAGES = 10_000;

/**
 * The field report: reports lost, rows `sent` forever. With a fifth of the vendor's
 * report callbacks dropped, every message still ends in the outcome the vendor holds
 * for it, through the result lookup, and none is left `sent`.
 */
describe('report callbacks lost', () => {
  let stack: TestStack;
  let pool: pg.Pool;

  beforeAll(async () => {
    stack = await startTestStack({
      sim: { ...UNLIMITED_VENDOR, reportDropRate: 0.2 },
      apiEnv: { API_RATE_LIMIT_BURST: '20000' },
      workerEnv: { REPORT_LOOKUP_AFTER_MS: '1500', RECONCILE_EVERY_MS: '500', REPORT_LOOKUP_PER_SECOND: '100' },
    });
    await stack.registerTemplate('LOOKUP', '#{n}번 알림');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await stack?.close();
  });

  it('settles every message through lookups, each in the outcome the vendor holds', async () => {
    const ids = await postInBatches(stack.api, MESSAGES, 'LOOKUP', 10_000_000);
    const waiting = async () =>
      (await pool.query<{ n: number }>(`select count(*)::int as n from notifications where template_code = 'LOOKUP' and status not in ('delivered', 'failed')`))
        .rows[0]!.n;
    await eventually(async () => ((await waiting()) === 0 ? true : undefined), 120_000, 'every message to be final');

    const stats = stack.sim.stats();
    console.log(`${MESSAGES} messages, ${stats.reportsDropped} report callbacks dropped, ${stats.lookedUpRefs} refs looked up in ${stats.lookups} lookups`);
    expect(stats.reportsDropped).toBeGreaterThan(MESSAGES * 0.15);
    expect(stats.lookedUpRefs).toBeGreaterThanOrEqual(stats.reportsDropped);

    const { rows } = await pool.query<{ id: string; status: string; last_code: string }>(
      `select id, status, last_code from notifications where template_code = 'LOOKUP'`,
    );
    expect(rows).toHaveLength(MESSAGES);
    const mismatched = rows.filter((row) => {
      const outcome = stack.sim.message(row.id)?.outcome;
      return outcome?.status !== row.status || outcome.code !== row.last_code;
    });
    expect(mismatched).toEqual([]);
    expect(new Set(ids).size).toBe(MESSAGES);
  }, 180_000);
});
