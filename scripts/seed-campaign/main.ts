/**
 * npm run seed:campaign -- --recipients 420000 --tps 200 [--fail-rate 0.02] [--workers 2] [--chaos]
 *
 * A bulk test of the whole pipeline: starts Herald the way `npm start` does (API,
 * vendor simulator and worker processes from dist/, Redis, embedded Postgres; all on
 * temporary data and free ports), registers a template, uploads the recipients as a
 * streamed CSV, starts the campaign, shows its progress, and ends with a report.
 * `--chaos` kills a worker with SIGKILL at 30% and starts another. Exits 1 if any
 * message is lost or reaches a person twice.
 */
import { SingleBar } from 'cli-progress';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { apiClient, json, startBenchStack, type BenchStack } from '../../bench/support/bench-stack.js';
import { seedCsv, seedPlan, type SeedPlan } from './seed-recipients.js';
import { uploadCsv } from './upload-csv.js';

const TEMPLATE = { code: 'SEED_CAMPAIGN', body: '#{name}님, Herald 봄 세일이 시작됐어요.', failbackBody: '[Herald] #{name}님 봄 세일 시작' };

const optionsSchema = z.object({
  recipients: z.coerce.number().int().min(1).max(2_000_000).default(10_000),
  tps: z.coerce.number().int().min(1).max(100_000).default(200),
  'fail-rate': z.coerce.number().min(0).max(0.5).default(0.02),
  workers: z.coerce.number().int().min(1).max(8).default(2),
  concurrency: z.coerce.number().int().min(1).max(2000).default(100),
  chaos: z.boolean().default(false),
});

type CampaignView = {
  id: string;
  status: string;
  counts: Record<'pending' | 'sending' | 'sent' | 'delivered' | 'failed' | 'failback' | 'dead' | 'skipped' | 'cancelled', number>;
  sendRate: number;
  etaSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
};
type SimStats = { uniqueMessages: number; duplicateRefs: number; repeatedContent: number; rateLimited: number; maxPerSecond: number; byChannel: Record<string, number> };

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      recipients: { type: 'string' },
      tps: { type: 'string' },
      'fail-rate': { type: 'string' },
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      chaos: { type: 'boolean' },
    },
  });
  const options = optionsSchema.parse(values);
  const plan = seedPlan(options.recipients, options['fail-rate']);
  console.log(`seed:campaign: ${plan.count} recipients (${plan.failbacks} fail back to SMS, ${plan.unreachable} unreachable), vendor cap ${options.tps} TPS, ${options.workers} workers${options.chaos ? ', chaos' : ''}`);

  const stack = await startBenchStack({ simTps: options.tps });
  try {
    return await run(stack, plan, options);
  } finally {
    await stack.stop();
  }
}

async function run(stack: BenchStack, plan: SeedPlan, options: z.infer<typeof optionsSchema>): Promise<number> {
  const api = apiClient(stack);
  const workerEnv = { VENDOR_TPS: String(options.tps), WORKER_CONCURRENCY: String(options.concurrency) };
  const workers: ChildProcess[] = [];
  for (let i = 0; i < options.workers; i++) workers.push(await stack.startWorker(workerEnv));
  await api('PUT', '/v1/vendor/rate-limit', { tps: options.tps });
  await api('POST', '/v1/templates', TEMPLATE);
  await json(`${stack.simUrl}/_sim/templates/${TEMPLATE.code}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: TEMPLATE.body }) });

  const campaign = await api<CampaignView>('POST', '/v1/campaigns', { name: `seed ${new Date().toISOString()}`, templateCode: TEMPLATE.code });
  const uploadStarted = performance.now();
  const upload = await uploadCsv(stack.apiUrl, stack.apiKey, campaign.id, seedCsv(plan));
  console.log(`uploaded ${upload.stored} recipients in ${((performance.now() - uploadStarted) / 1000).toFixed(1)} s (rejected ${upload.rejected})`);

  const started = performance.now();
  await api('POST', `/v1/campaigns/${campaign.id}/start`);
  const bar = new SingleBar({
    format: 'sending [{bar}] {percentage}% | {value}/{total} | {rate} msg/s | ETA {eta_s}s | {status}',
    hideCursor: true,
  });
  bar.start(plan.count, 0, { rate: 0, eta_s: '?', status: 'running' });
  let chaosDone = !options.chaos;
  let view = campaign;
  for (;;) {
    view = await api<CampaignView>('GET', `/v1/campaigns/${campaign.id}`);
    const settled = plan.count - view.counts.pending - view.counts.sending;
    bar.update(settled, { rate: view.sendRate.toFixed(0), eta_s: view.etaSeconds ?? '?', status: view.status });
    if (!chaosDone && settled >= plan.count * 0.3) {
      chaosDone = true;
      workers[0]!.kill('SIGKILL');
      workers.push(await stack.startWorker(workerEnv));
      bar.update(settled, { status: 'killed a worker (SIGKILL), started another' });
    }
    if (view.status === 'completed' || view.status === 'cancelled') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  bar.stop();
  const sendSeconds = (performance.now() - started) / 1000;

  // Delivery reports and failbacks trail the last send: wait until nothing is in flight.
  view = await untilSettled(api, campaign.id);
  const sim = await json<SimStats>(`${stack.simUrl}/_sim/stats`);
  const final = view.counts.delivered + view.counts.failed + view.counts.dead + view.counts.skipped + view.counts.cancelled;
  const lost = plan.count - final;
  const report = {
    recipients: plan.count,
    delivered: view.counts.delivered,
    failed: view.counts.failed,
    'failback (SMS/LMS sent)': sim.byChannel.sms! + sim.byChannel.lms!,
    dead: view.counts.dead,
    skipped: view.counts.skipped,
    lost,
    'elapsed s (start → last send)': Number(sendSeconds.toFixed(1)),
    'mean TPS': Number((plan.count / sendSeconds).toFixed(1)),
    'vendor cap TPS': options.tps,
    'mean / cap': Number((plan.count / sendSeconds / options.tps).toFixed(3)),
    'vendor max per second': sim.maxPerSecond,
    'vendor 429s': sim.rateLimited,
    'vendor AlimTalk messages': sim.byChannel.alimtalk!,
    're-sent refs absorbed by the vendor': sim.duplicateRefs,
    'duplicates (same text to the same person)': sim.repeatedContent,
  };
  console.table(report);
  const problems = [
    lost !== 0 && `${lost} message(s) lost`,
    sim.repeatedContent !== 0 && `${sim.repeatedContent} duplicate(s) reached a person`,
    sim.byChannel.alimtalk !== plan.count && `the vendor got ${sim.byChannel.alimtalk} AlimTalk messages for ${plan.count} recipients`,
  ].filter(Boolean);
  for (const problem of problems) console.error(`FAILED: ${problem}`);
  if (problems.length === 0) console.log('OK: every recipient got exactly one message; nothing lost.');
  return problems.length === 0 ? 0 : 1;
}

async function untilSettled(api: ReturnType<typeof apiClient>, id: string, timeoutMs = 120_000): Promise<CampaignView> {
  const deadline = Date.now() + timeoutMs;
  let stableSince = 0;
  let last = '';
  for (;;) {
    const view = await api<CampaignView>('GET', `/v1/campaigns/${id}`);
    const { pending, sending, sent, failback } = view.counts;
    const key = JSON.stringify(view.counts);
    if (pending + sending + sent + failback === 0 && key === last) {
      if (Date.now() - stableSince > 2000) return view;
    } else {
      stableSince = Date.now();
    }
    last = key;
    if (Date.now() > deadline) return view;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
