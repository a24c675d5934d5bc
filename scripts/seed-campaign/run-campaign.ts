import { SingleBar } from 'cli-progress';
import { randomBytes } from 'node:crypto';
import { campaignReport, type CampaignView } from './campaign-report.js';
import { apiClient, HttpError, simCall, type ApiCall } from './http.js';
import { seedCsv, type SeedPlan } from './seed-recipients.js';
import { simStatsDelta, type SimStats } from './sim-stats.js';
import { uploadCsv } from './upload-csv.js';

/** Where a campaign runs: Herald's API with a producer key (and an operator key, for the vendor budget), and the vendor simulator its workers send to. */
export interface CampaignTarget {
  apiUrl: string;
  apiKey: string;
  operatorKey: string;
  simUrl: string;
}

export interface RunCampaignOptions {
  /** The vendor cap, set both as Herald's budget and as the simulator's limit. */
  tps: number;
  /** Called with each progress sample; may act on the stack (chaos) and return a status for the bar. */
  onProgress?(settled: number, total: number): Promise<string | undefined>;
  /** The campaign exists, so whoever started the run can cancel it. */
  onCreated?(campaignId: string): void;
}

/**
 * `#{run}` makes each run's text its own. The simulator counts the same text reaching
 * the same number twice as a duplicate, and the seeded numbers are the same every run,
 * so without it a second run against a running stack would look like 100% duplicates.
 */
const TEMPLATE = {
  code: 'SEED_CAMPAIGN',
  body: '#{name}님, Herald 봄 세일이 시작됐어요. (#{run})',
  failbackBody: '[Herald] #{name}님 봄 세일 시작 (#{run})',
};

/**
 * The run itself, the same on a stack of its own and on `npm start`'s: template,
 * recipients, start, progress bar, and the report of this campaign alone. Returns the
 * exit code: 1 if a message was lost or reached a person twice.
 */
export async function runCampaign(target: CampaignTarget, plan: SeedPlan, options: RunCampaignOptions): Promise<number> {
  const api = apiClient(target.apiUrl, target.apiKey);
  await apiClient(target.apiUrl, target.operatorKey)('PUT', '/v1/vendor/rate-limit', { tps: options.tps });
  await simCall(target.simUrl, 'PUT', '/_sim/config', { tps: options.tps });
  await registerTemplate(api, target.simUrl);

  const run = randomBytes(3).toString('hex');
  const campaign = await api<CampaignView>('POST', '/v1/campaigns', {
    name: `seed ${run} ${new Date().toISOString()}`,
    templateCode: TEMPLATE.code,
    variables: { run },
  });
  options.onCreated?.(campaign.id);
  const uploadStarted = performance.now();
  const upload = await uploadCsv(target.apiUrl, target.apiKey, campaign.id, seedCsv(plan));
  console.log(`uploaded ${upload.stored} recipients in ${((performance.now() - uploadStarted) / 1000).toFixed(1)} s (rejected ${upload.rejected})`);

  const before = await simCall<SimStats>(target.simUrl, 'GET', '/_sim/stats');
  const started = performance.now();
  await api('POST', `/v1/campaigns/${campaign.id}/start`);
  await showProgress(api, campaign.id, plan.count, options.onProgress);
  const sendSeconds = (performance.now() - started) / 1000;

  // Delivery reports and failbacks trail the last send: wait until nothing is in flight.
  const view = await untilSettled(api, campaign.id);
  const after = await simCall<SimStats>(target.simUrl, 'GET', '/_sim/stats');
  const report = campaignReport({ plan, view, sim: simStatsDelta(before, after), sendSeconds, tps: options.tps });
  console.table(report.table);
  for (const problem of report.problems) console.error(`FAILED: ${problem}`);
  if (report.problems.length === 0) console.log('OK: every recipient got exactly one message; nothing lost.');
  return report.problems.length === 0 ? 0 : 1;
}

/** Herald's copy and the vendor's approval. Registering replaces; an API that answers 409 for an existing template is fine too. */
async function registerTemplate(api: ApiCall, simUrl: string): Promise<void> {
  try {
    await api('POST', '/v1/templates', TEMPLATE);
  } catch (error) {
    if (!(error instanceof HttpError && error.status === 409)) throw error;
  }
  await simCall(simUrl, 'PUT', `/_sim/templates/${TEMPLATE.code}`, { body: TEMPLATE.body });
}

async function showProgress(api: ApiCall, id: string, total: number, onProgress: RunCampaignOptions['onProgress']): Promise<void> {
  const bar = new SingleBar({
    format: 'sending [{bar}] {percentage}% | {value}/{total} | {rate} msg/s | ETA {eta_s}s | {status}',
    hideCursor: true,
  });
  bar.start(total, 0, { rate: 0, eta_s: '?', status: 'running' });
  try {
    for (;;) {
      const view = await api<CampaignView>('GET', `/v1/campaigns/${id}`);
      const settled = total - view.counts.pending - view.counts.sending;
      bar.update(settled, { rate: view.sendRate.toFixed(0), eta_s: view.etaSeconds ?? '?', status: view.status });
      const status = await onProgress?.(settled, total);
      if (status) bar.update(settled, { status });
      if (view.status === 'completed' || view.status === 'cancelled') return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    bar.stop();
  }
}

async function untilSettled(api: ApiCall, id: string, timeoutMs = 120_000): Promise<CampaignView> {
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
