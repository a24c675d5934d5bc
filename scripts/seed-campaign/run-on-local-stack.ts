import { parseEnv, seedCampaignConfigSchema } from '../../libs/config/src/index.js';
import { apiClient, simCall } from './http.js';
import { checkLocalStack, findLocalStack } from './local-target.js';
import type { LocalOptions } from './options.js';
import { runCampaign } from './run-campaign.js';
import type { SeedPlan } from './seed-recipients.js';

/**
 * `--local`: the campaign runs on the stack `npm start` already runs, with its one
 * worker. The vendor budget and the simulator's cap are set to --tps for the run and
 * put back afterwards; Ctrl-C cancels the campaign rather than leave it sending.
 */
export async function runOnLocalStack(plan: SeedPlan, options: LocalOptions): Promise<number> {
  const target = findLocalStack(options, parseEnv(seedCampaignConfigSchema));
  await checkLocalStack(target);
  console.log(`attached to ${target.apiUrl} (key: ${target.keySource}), vendor simulator ${target.simUrl}`);

  const api = apiClient(target.apiUrl, target.apiKey);
  const operator = apiClient(target.apiUrl, target.operatorKey);
  const previous = {
    budget: (await operator<{ tps: number }>('GET', '/v1/vendor/rate-limit')).tps,
    simCap: (await simCall<{ tps: number }>(target.simUrl, 'GET', '/_sim/config')).tps,
  };
  const restore = async () => {
    await operator('PUT', '/v1/vendor/rate-limit', { tps: previous.budget });
    await simCall(target.simUrl, 'PUT', '/_sim/config', { tps: previous.simCap });
    console.log(`vendor budget back to ${previous.budget} TPS, simulator cap back to ${previous.simCap} TPS`);
  };

  let campaignId: string | undefined;
  const interrupted = () =>
    void (async () => {
      console.error(`\ninterrupted${campaignId ? `: cancelling campaign ${campaignId}` : ''}`);
      if (campaignId) await api('POST', `/v1/campaigns/${campaignId}/cancel`).catch((error: Error) => console.error(`cancel failed: ${error.message}`));
      await restore().catch((error: Error) => console.error(`restoring the rate limits failed: ${error.message}`));
      process.exit(130);
    })();
  process.once('SIGINT', interrupted);
  try {
    return await runCampaign(target, plan, { tps: options.tps, onCreated: (id) => (campaignId = id) });
  } finally {
    process.off('SIGINT', interrupted);
    // A failure here must not hide the run's own error or report.
    await restore().catch((error: Error) => console.error(`could not put the rate limits back: ${error.message}`));
  }
}
