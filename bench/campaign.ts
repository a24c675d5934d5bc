import { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { CAMPAIGN_SEND_PRIORITY, queueOptions, SEND_JOB_NAMES, SEND_QUEUE, sendJobId, sendJobOptions } from '../libs/queue/src/index.js';
import { seedCsv, seedPlan } from '../scripts/seed-campaign/seed-recipients.js';
import { uploadCsv } from '../scripts/seed-campaign/upload-csv.js';
import { cpuMs, postgresCpuMs } from './support/cost.js';
import { insertRows } from './support/rows.js';
import { apiClient, json, pollUntil, printResult, registerTemplate, type BenchStack } from './support/bench-stack.js';

const N = Number(process.env.BENCH_CAMPAIGN_N ?? 420_000);
/** The send phase is long at Herald's per-message rate; its own size, 420,000 for the full run. */
const SEND_N = Number(process.env.BENCH_CAMPAIGN_SEND_N ?? 50_000);
const PAGE = 5_000;
/** Messages per campaign send job, as the worker's default (BENCH_CAMPAIGN_JOB_SIZE=1: one job per message). */
const JOB_SIZE = Number(process.env.BENCH_CAMPAIGN_JOB_SIZE ?? 100);
const TEMPLATE = { code: 'BENCH_CAMPAIGN', body: '#{name}님, 봄 세일이 시작됐어요.' };

/**
 * Campaigns against raw baselines on the same Redis and Postgres, in the same run:
 * 1. upload: N recipients as one streamed CSV over HTTP vs raw COPY of the same rows;
 *    the API's RSS is sampled throughout;
 * 2. expansion: the worker turning N recipients into send jobs (send queue paused):
 *    rows in Postgres, and batch jobs of CAMPAIGN_JOB_SIZE messages in the send queue,
 *    vs raw addBulk of N single jobs (the baseline); counted in recipients/s;
 * 3. completion: a SEND_N campaign through 2 workers with the simulator capped.
 */
export async function campaign(stack: BenchStack, simTps: number): Promise<Record<string, number>> {
  const api = apiClient(stack);
  await api('POST', '/v1/templates', TEMPLATE);
  await json(`${stack.simUrl}/_sim/templates/${TEMPLATE.code}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ body: TEMPLATE.body }),
  });
  const plan = seedPlan(N, 0);

  // 1a. Raw COPY of the same rows into a table of the same columns.
  await stack.pool.query('create table raw_recipients (seq bigserial primary key, campaign_id uuid, recipient text, variables jsonb)');
  const client = await stack.pool.connect();
  const copyStart = performance.now();
  try {
    const rawCampaign = uuidv7();
    const rows = async function* () {
      for (const chunk of seedCsv(plan)) {
        if (chunk.startsWith('to,')) continue;
        yield chunk.replace(/^(\d+),(.*)$/gm, (_, to: string, name: string) => `${rawCampaign},${to},"{""name"":""${name}""}"`);
      }
    };
    await pipeline(Readable.from(rows()), client.query(copyFrom('copy raw_recipients (campaign_id, recipient, variables) from stdin (format csv)')));
  } finally {
    client.release();
  }
  const copySeconds = (performance.now() - copyStart) / 1000;

  // 1b. Herald: the same recipients streamed as CSV over HTTP, API memory sampled.
  const uploadCampaign = await api<{ id: string }>('POST', '/v1/campaigns', { name: 'bench upload', templateCode: TEMPLATE.code });
  const rssBefore = rssOf(stack.apiPid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(stack.apiPid))), 50);
  const uploadStart = performance.now();
  const uploaded = await uploadCsv(stack.apiUrl, stack.apiKey, uploadCampaign.id, seedCsv(plan));
  const uploadSeconds = (performance.now() - uploadStart) / 1000;
  clearInterval(sampler);
  if (uploaded.stored !== N) throw new Error(`upload stored ${uploaded.stored} of ${N}`);

  // 2a. Raw addBulk of N jobs shaped like campaign sends.
  const connection = queueOptions({ REDIS_URL: stack.redisUrl, QUEUE_PREFIX: stack.prefix }, 'producer', SEND_QUEUE);
  const raw = new Queue('raw-addbulk', connection);
  const rawBefore = { node: process.cpuUsage(), redis: cpuMs(stack.redisPid) };
  const rawStart = performance.now();
  const campaignId = uuidv7();
  for (let start = 0; start < N; start += PAGE) {
    await raw.addBulk(
      Array.from({ length: Math.min(PAGE, N - start) }, () => {
        const id = uuidv7();
        return {
          name: SEND_JOB_NAMES.alimtalk,
          data: { notificationId: id, campaignId },
          opts: { ...sendJobOptions({ attempts: 5 }), jobId: id, priority: CAMPAIGN_SEND_PRIORITY },
        };
      }),
    );
  }
  const addBulkSeconds = (performance.now() - rawStart) / 1000;
  const rawNode = process.cpuUsage(rawBefore.node);
  const perJob = (ms: number) => Number((ms / N).toFixed(3));
  const rawCost = {
    raw_addbulk_node_cpu_ms_per_job: perJob((rawNode.user + rawNode.system) / 1000),
    raw_addbulk_redis_cpu_ms_per_job: perJob(cpuMs(stack.redisPid) - rawBefore.redis),
  };
  await raw.obliterate({ force: true });
  await raw.close();

  // 2b. Herald's expander on the uploaded campaign, the send queue paused so nothing is sent.
  const sendQueue = new Queue(SEND_QUEUE, connection);
  await sendQueue.pause();
  const workerEnv = {
    CAMPAIGN_WINDOW: String(N + 1),
    CAMPAIGN_PAGE_SIZE: String(PAGE),
    CAMPAIGN_JOB_SIZE: String(JOB_SIZE),
    VENDOR_TPS: String(simTps),
    WORKER_CONCURRENCY: '100',
  };
  // Every recipient is valid and pending, and the expander cuts each page of PAGE rows
  // into batches of JOB_SIZE: this many send jobs carry all N (checked against the rows below).
  let expectedJobs = 0;
  for (let start = 0; start < N; start += PAGE) expectedJobs += Math.ceil(Math.min(PAGE, N - start) / JOB_SIZE);
  const expander = await stack.startWorker(workerEnv);
  const expandBefore = { worker: cpuMs(expander.pid!), postgres: postgresCpuMs(), redis: cpuMs(stack.redisPid) };
  const expandStart = performance.now();
  await api('POST', `/v1/campaigns/${uploadCampaign.id}/start`);
  await pollUntil(async () => (await sendQueue.getJobCounts('prioritized')).prioritized! >= expectedJobs, 600_000, 50);
  const expandSeconds = (performance.now() - expandStart) / 1000;
  // Outside the timing: the jobs really carry every recipient once.
  const { rows: made } = await stack.pool.query<{ rows: string; batches: string; unbatched: string }>(
    `select count(*) as rows, count(distinct send_batch_id) as batches, count(*) filter (where send_batch_id is null) as unbatched
     from notifications where campaign_id = $1 and status = 'pending'`,
    [uploadCampaign.id],
  );
  const queuedJobs = (await sendQueue.getJobCounts('prioritized')).prioritized!;
  if (Number(made[0]!.rows) !== N || Number(made[0]!.batches) + Number(made[0]!.unbatched) !== queuedJobs) {
    throw new Error(`expansion made ${made[0]!.rows} rows in ${made[0]!.batches} batches (+${made[0]!.unbatched} alone) but queued ${queuedJobs} jobs`);
  }
  const expandCost = {
    // Per recipient, like the raw figures per single job: the same unit of work.
    expand_worker_cpu_ms_per_recipient: perJob(cpuMs(expander.pid!) - expandBefore.worker),
    expand_postgres_cpu_ms_per_recipient: perJob(postgresCpuMs() - expandBefore.postgres),
    expand_redis_cpu_ms_per_recipient: perJob(cpuMs(stack.redisPid) - expandBefore.redis),
  };
  await api('POST', `/v1/campaigns/${uploadCampaign.id}/cancel`);
  await sendQueue.obliterate({ force: true });
  await stack.stopWorkers();

  // 3. Sending SEND_N messages through 2 workers with the simulator capped, twice, the same
  // way but for the campaign machinery (BENCH_CAMPAIGN_SEND_N=0 skips both): first the
  // pipeline ceiling (a producer storing and queueing plain sends while the workers
  // drain them), then a campaign of as many recipients.
  const sendSettings = { ...workerEnv, CAMPAIGN_WINDOW: String(Math.max(20_000, simTps * 5)) };
  const ceiling = SEND_N > 0 ? await sendPhase(() => plainPipeline()) : { seconds: NaN };
  const sending = SEND_N > 0 ? await sendPhase(() => campaignPipeline()) : { seconds: NaN };
  await sendQueue.close();
  const sendSeconds = sending.seconds;

  /** Both workers started, the vendor set as for every send phase; `run` resolves when every message is settled with the vendor. */
  async function sendPhase(run: () => Promise<void>) {
    await apiClient(stack, 'operator')('PUT', '/v1/vendor/rate-limit', { tps: simTps });
    // BENCH_CAMPAIGN_REPORT_BATCH=100: the vendor gathers reports into callbacks of up to 100.
    if (process.env.BENCH_CAMPAIGN_REPORT_BATCH) {
      await json(`${stack.simUrl}/_sim/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reportBatchSize: Number(process.env.BENCH_CAMPAIGN_REPORT_BATCH) }),
      });
    }
    await stack.startWorker(sendSettings);
    await stack.startWorker(sendSettings);
    const started = performance.now();
    await run();
    const seconds = (performance.now() - started) / 1000;
    await stack.stopWorkers();
    return { seconds };
  }

  /** Plain sends: rows stored and jobs queued page by page, as the API would, while the workers send. */
  async function plainPipeline() {
    await registerTemplate(stack, 'BENCH', '#{n}번 벤치마크');
    const { rows: before } = await stack.pool.query<{ count: string }>("select count(*) from notifications where status not in ('pending', 'sending')");
    for (let start = 0; start < SEND_N; start += PAGE) {
      const ids = await insertRows(stack.pool, Math.min(PAGE, SEND_N - start), 'BENCH');
      await sendQueue.addBulk(
        ids.map((id) => ({ name: SEND_JOB_NAMES.alimtalk, data: { notificationId: id }, opts: { ...sendJobOptions({ attempts: 5 }), jobId: sendJobId(id) } })),
      );
    }
    const settledBefore = Number(before[0]!.count);
    await pollUntil(
      async () => {
        const { rows } = await stack.pool.query<{ count: string }>("select count(*) from notifications where status not in ('pending', 'sending')");
        return Number(rows[0]!.count) - settledBefore >= SEND_N;
      },
      3_600_000,
      500,
    );
  }

  /** The same number of messages as one campaign: upload (not timed), start, until `completed`. */
  async function campaignPipeline() {
    const sendCampaign = await api<{ id: string }>('POST', '/v1/campaigns', { name: 'bench send', templateCode: TEMPLATE.code });
    await uploadCsv(stack.apiUrl, stack.apiKey, sendCampaign.id, seedCsv(seedPlan(SEND_N, 0)));
    await api('POST', `/v1/campaigns/${sendCampaign.id}/start`);
    await pollUntil(async () => (await api<{ status: string }>('GET', `/v1/campaigns/${sendCampaign.id}`)).status === 'completed', 3_600_000, 500);
  }

  const figures = {
    recipients: N,
    raw_copy_rows_per_s: Math.round(N / copySeconds),
    upload_rows_per_s: Math.round(N / uploadSeconds),
    upload_ratio: Number((copySeconds / uploadSeconds).toFixed(3)),
    api_rss_before_mb: Math.round(rssBefore / 1024),
    api_rss_peak_mb: Math.round(rssPeak / 1024),
    raw_addbulk_jobs_per_s: Math.round(N / addBulkSeconds),
    campaign_job_size: JOB_SIZE,
    expand_send_jobs: queuedJobs,
    expand_recipients_per_s: Math.round(N / expandSeconds),
    expand_ratio: Number((addBulkSeconds / expandSeconds).toFixed(3)),
    ...rawCost,
    ...expandCost,
    send_recipients: SEND_N,
    sim_cap_tps: simTps,
    ceiling_seconds: Number(ceiling.seconds.toFixed(1)),
    ceiling_msgs_per_s: Math.round(SEND_N / ceiling.seconds),
    send_seconds: Number(sendSeconds.toFixed(1)),
    send_msgs_per_s: Math.round(SEND_N / sendSeconds),
    completion_factor: Number((sendSeconds / (SEND_N / Math.min(simTps, SEND_N / ceiling.seconds))).toFixed(3)),
  };
  printResult('campaign', figures);
  return figures;
}

/** Resident set size in KiB, from /proc (Linux). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}
