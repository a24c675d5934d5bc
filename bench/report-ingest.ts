import autocannon from 'autocannon';
import { signReportBody } from '../libs/vendor/src/index.js';
import { pollUntil, printResult, registerTemplate, type BenchStack } from './support/bench-stack.js';
import { transactions } from './support/cost.js';

const N = Number(process.env.BENCH_REPORT_N ?? 50_000);

/**
 * N signed single-report callbacks (the seed's vendor posts one per message) against
 * the API, applied by a worker process in batches; baseline: the same reports applied
 * the seed's way, one UPDATE each, on the same Postgres.
 */
export async function reportIngest(stack: BenchStack): Promise<Record<string, number>> {
  await registerTemplate(stack, 'REPORTS', '#{n}');
  await stack.pool.query(
    `insert into notifications (tenant_id, id, recipient, template_code, variables, text, status, attempts, vendor_msg_key)
     select 'default', uuidv7(), '01012345678', 'REPORTS', '{}'::jsonb, 'x', 'sent', 1, 'key-' || g from generate_series(1, $1) g`,
    [N],
  );
  const { rows } = await stack.pool.query<{ id: string; vendor_msg_key: string }>('select id, vendor_msg_key from notifications');
  const bodies = rows.map((row) => {
    const body = JSON.stringify({
      msgKey: row.vendor_msg_key,
      ref: row.id,
      channel: 'alimtalk',
      status: 'delivered',
      code: 'R000',
      message: 'ok',
      reportedAt: new Date().toISOString(),
    });
    return { body, signature: signReportBody(stack.reportSecret, body) };
  });
  await stack.startWorker();
  const transactionsBefore = await transactions(stack.pool);

  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: `${stack.apiUrl}/v1/vendor/reports`,
    connections: 50,
    amount: N,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const item = bodies[next++ % bodies.length]!;
          return { ...request, body: item.body, headers: { 'content-type': 'application/json', 'x-signature': item.signature } };
        },
      },
    ],
  });
  const ackSeconds = (performance.now() - started) / 1000;
  let polls = 0;
  await pollUntil(
    async () => {
      polls += 1;
      const { rows: counted } = await stack.pool.query<{ count: string }>("select count(*) from notifications where status = 'delivered'");
      return Number(counted[0]!.count) >= N;
    },
    600_000,
    250,
  );
  const appliedSeconds = (performance.now() - started) / 1000;
  // Backends publish their statistics when idle for a while; wait, then read the count.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const heraldStatements = (await transactions(stack.pool)) - transactionsBefore - polls - 1;
  await stack.stopWorkers();

  // Baseline: one UPDATE per report, 10 at a time.
  await stack.pool.query("update notifications set status = 'sent'");
  const baselineStarted = performance.now();
  let cursor = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (cursor < rows.length) {
        const row = rows[cursor++]!;
        await stack.pool.query("update notifications set status = 'delivered', last_code = 'R000', updated_at = now() where id = $1 and status = 'sent'", [
          row.id,
        ]);
      }
    }),
  );
  const baselineSeconds = (performance.now() - baselineStarted) / 1000;

  const figures = {
    reports: N,
    acknowledged_per_s: Math.round(N / ackSeconds),
    ack_p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    seconds_until_all_applied: Number(appliedSeconds.toFixed(2)),
    herald_statements: heraldStatements,
    herald_statements_per_report: Number((heraldStatements / N).toFixed(4)),
    baseline_one_update_each_seconds: Number(baselineSeconds.toFixed(2)),
    baseline_statements_per_report: 1,
  };
  printResult('report-ingest', figures);
  return figures;
}
