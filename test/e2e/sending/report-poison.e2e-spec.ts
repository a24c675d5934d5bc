import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import { queueOptions, REPORTS_QUEUE, type ReportJobData } from '../../../libs/queue/src/index.js';
import { captureLines } from '../../support/log-capture.js';
import { insertSentRows } from '../../support/sent-rows.js';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const ROWS = 300;

/**
 * A report Postgres cannot store (queued before the API refused such input, or by a
 * vendor bug) fails its own job alone: the shared statement it was batched into is
 * split until it stands alone, and every other job's reports are applied at once.
 */
describe('a poison report among valid ones', () => {
  let stack: TestStack;
  let pool: pg.Pool;
  let reports: Queue<ReportJobData>;
  const logs = captureLines();

  beforeAll(async () => {
    // One batch gathers every job below: a long wait and room for all of them.
    stack = await startTestStack({ workerEnv: { REPORT_BATCH_SIZE: '1000', REPORT_BATCH_WAIT_MS: '300' }, workerLogs: logs });
    await stack.registerTemplate('POISON_REPORT', '#{n}');
    pool = new pg.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 2 });
    await insertSentRows(pool, 'POISON_REPORT', ROWS + 1, 'poison-key-');
    reports = new Queue<ReportJobData>(REPORTS_QUEUE, queueOptions(stack.api.config, 'producer', REPORTS_QUEUE));
  }, 60_000);
  afterAll(async () => {
    await reports.close();
    await pool.end();
    await stack.close();
  });

  it('applies every valid report on its first attempt and fails only the poison job', async () => {
    const { rows } = await pool.query<{ id: string; vendor_msg_key: string }>(
      `select id, vendor_msg_key from notifications where template_code = 'POISON_REPORT' order by id`,
    );
    const report = (row: { id: string; vendor_msg_key: string }, code: string) => ({
      msgKey: row.vendor_msg_key,
      ref: row.id,
      channel: 'alimtalk' as const,
      status: 'delivered' as const,
      code,
      message: 'ok',
      reportedAt: new Date().toISOString(),
    });
    const jobs = rows.map((row, index) => ({
      name: 'report',
      data: { reports: [report(row, index === 150 ? 'R\u0000' : 'R000')], receivedAt: new Date().toISOString() },
      opts: { jobId: index === 150 ? 'poison' : `valid-${index}`, attempts: 3, backoff: { type: 'fixed', delay: 200 } },
    }));
    await reports.addBulk(jobs);

    await eventually(
      async () => {
        const { rows: counted } = await pool.query<{ n: number }>(
          `select count(*)::int as n from notifications where template_code = 'POISON_REPORT' and status = 'delivered'`,
        );
        return counted[0]!.n === ROWS ? true : undefined;
      },
      20_000,
      `${ROWS} valid reports applied`,
    );
    await eventually(async () => ((await reports.getJob('poison'))?.isFailed() ? true : undefined), 20_000, 'the poison job to fail for good');
    const failures = logs.lines
      .map((line) => JSON.parse(line) as { msg?: string; jobId?: string })
      .filter((entry) => entry.msg?.startsWith('report job failed'));
    expect(failures.length).toBeGreaterThan(0);
    expect(new Set(failures.map((entry) => entry.jobId))).toEqual(new Set(['poison']));
    const { rows: poisoned } = await pool.query<{ status: string }>('select status from notifications where id = $1', [rows[150]!.id]);
    expect(poisoned[0]!.status).toBe('sent');
  }, 60_000);
});
