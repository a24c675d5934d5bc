import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DATABASE, type DatabaseHandle } from '../../../libs/db/src/index.js';
import { signReportBody } from '../../../libs/vendor/src/index.js';
import { insertSentRows } from '../../support/sent-rows.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const ROWS = 10_000;

/** The seed's database went past 90% CPU on one UPDATE per report; Herald batches them. */
describe('delivery reports in batches', () => {
  let stack: TestStack;
  let pool: pg.Pool;

  beforeAll(async () => {
    stack = await startTestStack({ workerEnv: { REPORT_BATCH_SIZE: '500', REPORT_BATCH_WAIT_MS: '100' } });
    await stack.registerTemplate('BULK', '#{n}');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
    await insertSentRows(pool, 'BULK', ROWS, 'key-');
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await stack.close();
  });

  async function postReports(rows: Array<{ id: string; vendor_msg_key: string }>, status: 'delivered' | 'failed'): Promise<void> {
    const chunks = Array.from({ length: Math.ceil(rows.length / 100) }, (_, index) => rows.slice(index * 100, index * 100 + 100));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < chunks.length) {
          const body = JSON.stringify(
            chunks[next++]!.map((row) => ({
              msgKey: row.vendor_msg_key,
              ref: row.id,
              channel: 'alimtalk',
              status,
              code: status === 'delivered' ? 'R000' : 'K101',
              message: status,
              reportedAt: new Date().toISOString(),
            })),
          );
          const response = await stack.api.request('POST', '/v1/vendor/reports', {
            rawBody: body,
            headers: { 'x-signature': signReportBody(stack.api.config.REPORT_SECRET, body) },
          });
          expect(response.status).toBe(200);
        }
      }),
    );
  }

  const countStatus = async (status: string) => Number((await pool.query('select count(*) from notifications where status = $1', [status])).rows[0].count);

  it(`applies ${ROWS} reports with a few dozen statements, and ignores them when repeated`, async () => {
    const { rows } = await pool.query<{ id: string; vendor_msg_key: string }>('select id, vendor_msg_key from notifications');
    const database = stack.worker!.get<DatabaseHandle>(DATABASE);
    const before = database.statementCount();

    await postReports(rows, 'delivered');
    await eventually(async () => ((await countStatus('delivered')) === ROWS ? true : undefined), 60_000, 'all delivered');
    const statements = database.statementCount() - before;
    console.log(`${ROWS} reports applied with ${statements} statements (${(statements / ROWS).toFixed(4)} per report)`);
    expect(statements).toBeLessThanOrEqual(300);
    const events = await pool.query("select count(*) from notification_events where actor = 'vendor-report'");
    expect(Number(events.rows[0].count)).toBe(ROWS);

    // Late, contradictory copies: a delivered row is never turned back into failed.
    await postReports(rows.slice(0, 1000), 'failed');
    await stack.untilReportsApplied();
    expect(await countStatus('delivered')).toBe(ROWS);
    const after = await pool.query("select count(*) from notification_events where actor = 'vendor-report'");
    expect(Number(after.rows[0].count)).toBe(ROWS);
  }, 120_000);
});
