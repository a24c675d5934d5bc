import { mkdirSync, writeFileSync } from 'node:fs';
import { apiIngest } from './api-ingest.js';
import { campaign } from './campaign.js';
import { ratePrecision } from './rate-precision.js';
import { reportIngest } from './report-ingest.js';
import { sendThroughput } from './send-throughput.js';
import { printResult, startBenchStack, type BenchStack } from './support/bench-stack.js';

type Bench = (stack: BenchStack) => Promise<Record<string, number>>;

/** Each benchmark and the simulator cap it runs against (1,000,000 = no cap in practice). */
const BENCHES: Record<string, { simTps: number; run: Bench }> = {
  'send-throughput': { simTps: 1_000_000, run: sendThroughput },
  'rate-precision': { simTps: 200, run: ratePrecision },
  'api-ingest': { simTps: 1_000_000, run: apiIngest },
  'report-ingest': { simTps: 1_000_000, run: reportIngest },
  campaign: { simTps: 5_000, run: (stack) => campaign(stack, 5_000) },
};

/**
 * `npm run bench [-- name ...]`: each benchmark on a fresh stack (Redis, Postgres,
 * simulator, API, workers), figures printed as a table and as one JSON line each,
 * and kept in bench/out/latest.json.
 */
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const results: Record<string, Record<string, number>> = {};
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
  const stack = await startBenchStack({ simTps: bench.simTps });
  try {
    results[name] = await bench.run(stack);
  } finally {
    await stack.stop();
  }
}
// The campaign target: complete within 1.1 × (N / min(cap, Herald's pipeline ceiling)). The campaign
// benchmark measures that ceiling itself, in the same run and the same setting (2 workers, the
// vendor's reports on): see its completion_factor. send-throughput's figure (1 worker, no
// reports) is printed beside it for reference.
const sent = results.campaign;
if (sent && Number.isFinite(sent.send_seconds)) {
  results['campaign-completion'] = {
    pipeline_ceiling_msgs_per_s: sent.ceiling_msgs_per_s!,
    expected_seconds: Number((sent.send_recipients! / Math.min(sent.sim_cap_tps!, sent.ceiling_msgs_per_s!)).toFixed(1)),
    measured_seconds: sent.send_seconds!,
    factor: sent.completion_factor!,
    send_throughput_ceiling_msgs_per_s: results['send-throughput']?.herald_msgs_per_s ?? NaN,
  };
  printResult('campaign-completion (target factor ≤ 1.1)', results['campaign-completion']);
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/latest.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
process.exit(0);
