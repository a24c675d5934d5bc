import { Queue, Worker } from 'bullmq';
import { queueOptions, SEND_JOB_NAMES, SEND_QUEUE, sendJobId, sendJobOptions } from '../libs/queue/src/index.js';
import { insertRows } from './support/rows.js';
import { cpuMs, postgresCpuMs, transactions } from './support/cost.js';
import { json, percentile, pollUntil, printResult, registerTemplate, type BenchStack } from './support/bench-stack.js';

const N = Number(process.env.BENCH_SEND_N ?? 20_000);
const CONCURRENCY = 100;
const SEND_REPORTS = process.env.BENCH_SEND_REPORTS === '1';

/**
 * Herald's send pipeline (queue → worker process → simulator → row `sent`) against
 * raw BullMQ draining the same number of no-op jobs with the same concurrency, on
 * the same Redis; then pickup latency (enqueue → processing starts) at half load.
 */
export async function sendThroughput(stack: BenchStack): Promise<Record<string, number>> {
  await registerTemplate(stack, 'BENCH', '#{n}번 벤치마크');
  // The pipeline measured is the API-less one: producer → queue → worker →
  // vendor → row `sent`. Delivery reports are measured on their own by report-ingest,
  // so the vendor sends none here. (The simulator gathers reports due within 10 ms into
  // one callback, so at a few hundred sends/s its batches held ~3 reports, not 100, and
  // their callbacks cost the API and worker more CPU than the sends.) BENCH_SEND_REPORTS=1
  // keeps them on, as in the first recorded figures.
  await json(`${stack.simUrl}/_sim/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEND_REPORTS ? { reportBatchSize: 100 } : { reportUrl: null }),
  });
  const connection = queueOptions({ REDIS_URL: stack.redisUrl, QUEUE_PREFIX: stack.prefix }, 'worker', SEND_QUEUE);

  // Baseline: raw BullMQ, no-op processor.
  const raw = new Queue('raw-noop', connection);
  await raw.pause();
  for (let start = 0; start < N; start += 1000) {
    await raw.addBulk(Array.from({ length: Math.min(1000, N - start) }, (_, index) => ({ name: 'noop', data: { n: start + index } })));
  }
  let drained = 0;
  const rawWorker = new Worker('raw-noop', async () => void (drained += 1), { ...connection, concurrency: CONCURRENCY });
  await rawWorker.waitUntilReady();
  const rawBefore = { node: process.cpuUsage(), redis: cpuMs(stack.redisPid) };
  const rawStart = performance.now();
  await raw.resume();
  await pollUntil(async () => drained >= N, 120_000, 20);
  const rawSeconds = (performance.now() - rawStart) / 1000;
  const rawNode = process.cpuUsage(rawBefore.node);
  const rawCost = {
    raw_worker_cpu_ms_per_job: Number(((rawNode.user + rawNode.system) / 1000 / N).toFixed(3)),
    raw_redis_cpu_ms_per_job: Number(((cpuMs(stack.redisPid) - rawBefore.redis) / N).toFixed(3)),
  };
  await rawWorker.close();
  await raw.obliterate({ force: true });
  await raw.close();

  // Herald: rows stored and jobs queued as the API does, drained by one worker process.
  const sendQueue = new Queue(SEND_QUEUE, connection);
  await sendQueue.pause();
  const ids = await insertRows(stack.pool, N, 'BENCH');
  for (let start = 0; start < N; start += 1000) {
    await sendQueue.addBulk(
      ids.slice(start, start + 1000).map((id) => ({
        name: SEND_JOB_NAMES.alimtalk,
        data: { notificationId: id },
        opts: { ...sendJobOptions({ attempts: 5 }), jobId: sendJobId(id) },
      })),
    );
  }
  const worker = await stack.startWorker({ WORKER_CONCURRENCY: String(CONCURRENCY) });
  const before = {
    worker: cpuMs(worker.pid!),
    postgres: postgresCpuMs(),
    redis: cpuMs(stack.redisPid),
    sim: cpuMs(stack.simPid),
    transactions: await transactions(stack.pool),
  };
  const heraldStart = performance.now();
  await sendQueue.resume();
  // The vendor's count is the cheap signal; the rows are checked once it says all arrived.
  await pollUntil(async () => (await vendorAccepted(stack)) >= N, 300_000, 50);
  await pollUntil(async () => (await countNotPending(stack)) >= N, 60_000, 50);
  const heraldSeconds = (performance.now() - heraldStart) / 1000;
  // What each message cost, over the drain (the polls' own few transactions included).
  const perMessage = (after: number, start: number) => Number(((after - start) / N).toFixed(3));
  const cost = {
    worker_cpu_ms_per_msg: perMessage(cpuMs(worker.pid!), before.worker),
    postgres_cpu_ms_per_msg: perMessage(postgresCpuMs(), before.postgres),
    redis_cpu_ms_per_msg: perMessage(cpuMs(stack.redisPid), before.redis),
    vendor_sim_cpu_ms_per_msg: perMessage(cpuMs(stack.simPid), before.sim),
    pg_transactions_per_msg: perMessage(await transactions(stack.pool), before.transactions),
  };

  // Pickup latency at half the measured rate, for 10 s.
  const rate = N / heraldSeconds / 2;
  const latencyIds = await insertRows(stack.pool, Math.round(rate * 10), 'BENCH');
  const pace = 1000 / rate;
  const begun = performance.now();
  for (let index = 0; index < latencyIds.length; index++) {
    const due = begun + index * pace;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await sendQueue.add(
      SEND_JOB_NAMES.alimtalk,
      { notificationId: latencyIds[index]! },
      { ...sendJobOptions({ attempts: 5 }), jobId: sendJobId(latencyIds[index]!) },
    );
  }
  await pollUntil(async () => (await vendorAccepted(stack)) >= N + latencyIds.length, 120_000, 200);
  const pickups: number[] = [];
  for (const id of latencyIds) {
    const job = await sendQueue.getJob(id);
    if (job?.processedOn) pickups.push(job.processedOn - job.timestamp);
  }
  pickups.sort((a, b) => a - b);
  await stack.stopWorkers();
  await sendQueue.close();

  const heraldRate = N / heraldSeconds;
  const rawRate = N / rawSeconds;
  const figures = {
    messages: N,
    concurrency: CONCURRENCY,
    herald_msgs_per_s: Math.round(heraldRate),
    raw_bullmq_noop_jobs_per_s: Math.round(rawRate),
    ratio: Number((heraldRate / rawRate).toFixed(3)),
    ...cost,
    ...rawCost,
    vendor_reports: SEND_REPORTS ? 1 : 0,
    pickup_load_msgs_per_s: Math.round(rate),
    pickup_p50_ms: percentile(pickups, 50),
    pickup_p99_ms: percentile(pickups, 99),
  };
  printResult('send-throughput', figures);
  return figures;
}

async function countNotPending(stack: BenchStack): Promise<number> {
  const { rows } = await stack.pool.query<{ count: string }>("select count(*) from notifications where status not in ('pending', 'sending')");
  return Number(rows[0]!.count);
}

async function vendorAccepted(stack: BenchStack): Promise<number> {
  return (await json<{ uniqueMessages: number }>(`${stack.simUrl}/_sim/stats`)).uniqueMessages;
}
