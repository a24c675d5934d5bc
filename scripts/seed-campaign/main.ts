/**
 * npm run seed:campaign -- --recipients 420000 --tps 200 [--fail-rate 0.02] [--workers 2] [--concurrency 100] [--chaos]
 * npm run seed:campaign -- --local --recipients 10000 --tps 200 [--fail-rate 0.02] [--api-url URL] [--api-key KEY] [--sim-url URL]
 *
 * A bulk test of the whole pipeline: registers a template, uploads the recipients as
 * a streamed CSV, starts the campaign, shows its progress, and ends with a report of
 * this campaign alone. Exits 1 if any message is lost or reaches a person twice.
 *
 * By default it starts a stack of its own the way `npm start` does (API, vendor
 * simulator and worker processes from dist/, Redis, embedded Postgres; all on
 * temporary data and free ports); `--chaos` kills a worker with SIGKILL at 30% and
 * starts another.
 *
 * `--local` attaches to a running `npm start` instead: API on PORT (3000), simulator
 * on SIM_PORT (4010), the dev key from $HERALD_DATA_DIR/secrets.json (.herald), or
 * --api-url / HERALD_API_URL, --api-key / HERALD_API_KEY, --sim-url / HERALD_SIM_URL.
 * It does not own that stack's worker, so --workers, --concurrency and --chaos are refused.
 */
import { ConfigError } from '../../libs/config/src/index.js';
import { LocalStackError } from './local-target.js';
import { parseOptions, USAGE, UsageError } from './options.js';
import { runOnLocalStack } from './run-on-local-stack.js';
import { runOnOwnStack } from './run-on-own-stack.js';
import { seedPlan, type SeedPlan } from './seed-recipients.js';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const plan = planOrUsageError(options.recipients, options.failRate);
  const where = options.mode === 'local' ? 'on the running npm start stack' : `${options.workers} workers${options.chaos ? ', chaos' : ''}`;
  console.log(
    `seed:campaign: ${plan.count} recipients (${plan.failbacks} fail back to SMS, ${plan.unreachable} unreachable), vendor cap ${options.tps} TPS, ${where}`,
  );
  return options.mode === 'local' ? runOnLocalStack(plan, options) : runOnOwnStack(plan, options);
}

function planOrUsageError(recipients: number, failRate: number): SeedPlan {
  try {
    return seedPlan(recipients, failRate);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Mistakes the user can fix get their message alone; anything else its stack too.
    const known = error instanceof UsageError || error instanceof LocalStackError || error instanceof ConfigError;
    console.error(known ? `seed:campaign: ${error.message}` : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
