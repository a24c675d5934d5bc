import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { freePort } from '../../../libs/devstack/src/index.js';
import { deliveryReport } from '../../support/delivery-report.js';
import { insertSentRows } from '../../support/sent-rows.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const ROWS = 100;

/**
 * Reports posted while the API cannot reach Redis (the field report: 100 reports lost
 * to a 20 s Redis outage) are answered 200 only once Postgres holds them, and the
 * worker queues and applies them when its maintenance runs with Redis.
 */
describe('delivery reports while Redis is down', () => {
  let stack: TestStack;
  let cutOff: TestApi;
  let pool: pg.Pool;

  beforeAll(async () => {
    stack = await startTestStack({ workerEnv: { RECONCILE_EVERY_MS: '500' } });
    await stack.registerTemplate('INBOX', '#{n}');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
    await insertSentRows(pool, 'INBOX', ROWS, 'inbox-key-');
    // A second API process on the same database whose Redis is gone.
    cutOff = await startTestApi({
      DATABASE_URL: stack.api.config.DATABASE_URL,
      QUEUE_PREFIX: stack.api.config.QUEUE_PREFIX,
      REPORT_SECRET: stack.api.config.REPORT_SECRET,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      ENQUEUE_TIMEOUT_MS: '300',
    });
  }, 60_000);
  afterAll(async () => {
    await cutOff?.close();
    await pool?.end();
    await stack?.close();
  });

  it('keeps them in Postgres, answers 200, and applies every one once Redis is reachable', async () => {
    const { rows } = await pool.query<{ id: string; vendor_msg_key: string }>(`select id, vendor_msg_key from notifications where template_code = 'INBOX'`);
    for (let start = 0; start < rows.length; start += 10) {
      const raw = JSON.stringify(rows.slice(start, start + 10).map((row) => deliveryReport({ msgKey: row.vendor_msg_key, ref: row.id })));
      const answer = await cutOff.postReport(raw);
      expect([answer.status, answer.body]).toEqual([200, { received: 10 }]);
    }
    // Every acknowledged report is durable before the worker has seen any of them.
    const kept = await pool.query<{ reports: number }>(`select coalesce(sum(jsonb_array_length(reports)), 0)::int as reports from report_inbox`);
    expect(kept.rows[0]!.reports).toBeGreaterThan(0);

    await eventually(
      async () => {
        const counts = await pool.query<{ delivered: number; inbox: number }>(`
          select (select count(*)::int from notifications where template_code = 'INBOX' and status = 'delivered') as delivered,
                 (select count(*)::int from report_inbox) as inbox`);
        return counts.rows[0]!.delivered === ROWS && counts.rows[0]!.inbox === 0 ? true : undefined;
      },
      20_000,
      'every kept report to be applied and the inbox emptied',
    );
  });
});
