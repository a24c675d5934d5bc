import { writeFileSync, mkdirSync } from 'node:fs';
import { sendThroughput } from './send-throughput.js';
import { reportIngest } from './report-ingest.js';
import { startBenchStack } from './support/bench-stack.js';

/**
 * `npm run bench [-- name ...]`: each benchmark on a fresh stack (Redis, Postgres,
 * simulator, API, workers), figures printed as a table and as one JSON line each,
 * and kept in bench/out/latest.json.
 */
const BENCHES: Record<string, () => Promise<Record<string, number>>> = {
  'send-throughput': async () => {
    const stack = await startBenchStack({ simTps: 1_000_000 });
    try {
      return await sendThroughput(stack);
    } finally {
      await stack.stop();
    }
  },
  'report-ingest': async () => {
    const stack = await startBenchStack({ simTps: 1_000_000 });
    try {
      return await reportIngest(stack);
    } finally {
      await stack.stop();
    }
  },
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
const results: Record<string, Record<string, number>> = {};
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
  results[name] = await bench();
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
writeFileSync(new URL('./out/latest.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
process.exit(0);
