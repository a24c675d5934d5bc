import { Queue } from 'bullmq';
import { queueOptions, SEND_JOB_NAMES, SEND_QUEUE, sendJobId, sendJobOptions } from '../libs/queue/src/index.js';
import { insertRows } from './support/rows.js';
import { json, printResult, registerTemplate, type BenchStack } from './support/bench-stack.js';

const CAP = 200;
const SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 60);
const WORKERS = 3;

interface SimStats {
  accepted: number;
  uniqueMessages: number;
  rateLimited: number;
  maxPerSecond: number;
}

/** The simulator capped at 200 TPS, three worker processes, a full queue: how close to the cap, never over. */
export async function ratePrecision(stack: BenchStack): Promise<Record<string, number>> {
  await registerTemplate(stack, 'BENCH', '#{n}번 벤치마크');
  await json(`${stack.simUrl}/_sim/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tps: CAP, reportBatchSize: 100 }),
  });
  await json(`${stack.apiUrl}/v1/vendor/rate-limit`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.operatorKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tps: CAP }),
  });
  const sendQueue = new Queue(SEND_QUEUE, queueOptions({ REDIS_URL: stack.redisUrl, QUEUE_PREFIX: stack.prefix }, 'worker', SEND_QUEUE));
  const ids = await insertRows(stack.pool, Math.round(CAP * (SECONDS + 15) * 1.2), 'BENCH');
  for (let start = 0; start < ids.length; start += 1000) {
    await sendQueue.addBulk(
      ids.slice(start, start + 1000).map((id) => ({
        name: SEND_JOB_NAMES.alimtalk,
        data: { notificationId: id },
        opts: { ...sendJobOptions({ attempts: 5 }), jobId: sendJobId(id) },
      })),
    );
  }
  for (let index = 0; index < WORKERS; index++) await stack.startWorker({ WORKER_CONCURRENCY: '50' });
  // Let the three reach steady state, then measure a clean window.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  await json(`${stack.simUrl}/_sim/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const stats = await json<SimStats>(`${stack.simUrl}/_sim/stats`);
  const elapsed = (performance.now() - started) / 1000;
  await stack.stopWorkers();
  await sendQueue.close();

  const meanTps = stats.uniqueMessages / elapsed;
  const figures = {
    cap_tps: CAP,
    seconds: Number(elapsed.toFixed(1)),
    worker_processes: WORKERS,
    mean_tps: Number(meanTps.toFixed(1)),
    mean_over_cap: Number((meanTps / CAP).toFixed(3)),
    highest_sliding_second: stats.maxPerSecond,
    vendor_429s: stats.rateLimited,
  };
  printResult('rate-precision', figures);
  return figures;
}
