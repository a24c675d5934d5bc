import { mkdirSync, writeFileSync } from 'node:fs';
import { apiIngest } from './api-ingest.js';
import { campaign } from './campaign.js';
import { ratePrecision } from './rate-precision.js';
import { reportIngest } from './report-ingest.js';
import { sendThroughput } from './send-throughput.js';
import { startBenchStack, type BenchStack } from './support/bench-stack.js';

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
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/latest.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
process.exit(0);
