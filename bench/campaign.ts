import { Queue } from 'bullmq';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { CAMPAIGN_SEND_PRIORITY, queueRootOptions, SEND_JOB_NAMES, SEND_QUEUE, sendJobOptions } from '../libs/queue/src/index.js';
import { seedCsv, seedPlan } from '../scripts/seed-campaign/seed-recipients.js';
import { uploadCsv } from '../scripts/seed-campaign/upload-csv.js';
import { apiClient, json, pollUntil, printResult, type BenchStack } from './support/bench-stack.js';

const N = Number(process.env.BENCH_CAMPAIGN_N ?? 420_000);
/** The send phase is long at Herald's per-message rate; its own size, 420,000 for the full run. */
const SEND_N = Number(process.env.BENCH_CAMPAIGN_SEND_N ?? 50_000);
const PAGE = 5_000;
const TEMPLATE = { code: 'BENCH_CAMPAIGN', body: '#{name}님, 봄 세일이 시작됐어요.' };

/**
 * Campaigns against raw baselines on the same Redis and Postgres, in the same run:
 * 1. upload: N recipients as one streamed CSV over HTTP vs raw COPY of the same rows;
 *    the API's RSS is sampled throughout;
 * 2. expansion: the worker turning N recipients into send jobs (send queue paused)
 *    vs raw addBulk of N jobs of the same shape;
 * 3. completion: a SEND_N campaign through 2 workers with the simulator capped.
 */
export async function campaign(stack: BenchStack, simTps: number): Promise<Record<string, number>> {
  const api = apiClient(stack);
  await api('POST', '/v1/templates', TEMPLATE);
  await json(`${stack.simUrl}/_sim/templates/${TEMPLATE.code}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: TEMPLATE.body }) });
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
  const connection = queueRootOptions({ REDIS_URL: stack.redisUrl, QUEUE_PREFIX: stack.prefix }, 'producer');
  const raw = new Queue('raw-addbulk', connection);
  const rawStart = performance.now();
  const campaignId = uuidv7();
  for (let start = 0; start < N; start += PAGE) {
    await raw.addBulk(
      Array.from({ length: Math.min(PAGE, N - start) }, () => {
        const id = uuidv7();
        return { name: SEND_JOB_NAMES.alimtalk, data: { notificationId: id, campaignId }, opts: { ...sendJobOptions({ attempts: 5 }), jobId: id, priority: CAMPAIGN_SEND_PRIORITY } };
      }),
    );
  }
  const addBulkSeconds = (performance.now() - rawStart) / 1000;
  await raw.obliterate({ force: true });
  await raw.close();

  // 2b. Herald's expander on the uploaded campaign, the send queue paused so nothing is sent.
  const sendQueue = new Queue(SEND_QUEUE, connection);
  await sendQueue.pause();
  const workerEnv = { CAMPAIGN_WINDOW: String(N + 1), CAMPAIGN_PAGE_SIZE: String(PAGE), VENDOR_TPS: String(simTps), WORKER_CONCURRENCY: '100' };
  await stack.startWorker(workerEnv);
  const expandStart = performance.now();
  await api('POST', `/v1/campaigns/${uploadCampaign.id}/start`);
  await pollUntil(async () => (await sendQueue.getJobCounts('prioritized')).prioritized! >= N, 600_000, 50);
  const expandSeconds = (performance.now() - expandStart) / 1000;
  await api('POST', `/v1/campaigns/${uploadCampaign.id}/cancel`);
  await sendQueue.obliterate({ force: true });
  await stack.stopWorkers();

  // 3. A SEND_N campaign sent through 2 workers at the simulator's cap (BENCH_CAMPAIGN_SEND_N=0 skips it).
  const sending = SEND_N > 0 ? await sendPhase() : { seconds: NaN };
  await sendQueue.close();
  const sendSeconds = sending.seconds;

  async function sendPhase() {
    const sendPlan = seedPlan(SEND_N, 0);
    const sendCampaign = await api<{ id: string }>('POST', '/v1/campaigns', { name: 'bench send', templateCode: TEMPLATE.code });
    await uploadCsv(stack.apiUrl, stack.apiKey, sendCampaign.id, seedCsv(sendPlan));
    await api('PUT', '/v1/vendor/rate-limit', { tps: simTps });
    // BENCH_CAMPAIGN_REPORT_BATCH=100: the vendor gathers reports into callbacks, as send-throughput's ceiling assumes none.
    if (process.env.BENCH_CAMPAIGN_REPORT_BATCH) {
      await json(`${stack.simUrl}/_sim/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reportBatchSize: Number(process.env.BENCH_CAMPAIGN_REPORT_BATCH) }),
      });
    }
    const sendEnv = { ...workerEnv, CAMPAIGN_WINDOW: String(Math.max(20_000, simTps * 5)) };
    await stack.startWorker(sendEnv);
    await stack.startWorker(sendEnv);
    const sendStart = performance.now();
    await api('POST', `/v1/campaigns/${sendCampaign.id}/start`);
    await pollUntil(async () => (await api<{ status: string }>('GET', `/v1/campaigns/${sendCampaign.id}`)).status === 'completed', 3_600_000, 500);
    const seconds = (performance.now() - sendStart) / 1000;
    await stack.stopWorkers();
    return { seconds };
  }

  const figures = {
    recipients: N,
    raw_copy_rows_per_s: Math.round(N / copySeconds),
    upload_rows_per_s: Math.round(N / uploadSeconds),
    upload_ratio: Number((copySeconds / uploadSeconds).toFixed(3)),
    api_rss_before_mb: Math.round(rssBefore / 1024),
    api_rss_peak_mb: Math.round(rssPeak / 1024),
    raw_addbulk_jobs_per_s: Math.round(N / addBulkSeconds),
    expand_jobs_per_s: Math.round(N / expandSeconds),
    expand_ratio: Number((addBulkSeconds / expandSeconds).toFixed(3)),
    send_recipients: SEND_N,
    sim_cap_tps: simTps,
    send_seconds: Number(sendSeconds.toFixed(1)),
    send_msgs_per_s: Math.round(SEND_N / sendSeconds),
  };
  printResult('campaign', figures);
  return figures;
}

/** Resident set size in KiB, from /proc (Linux). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}
