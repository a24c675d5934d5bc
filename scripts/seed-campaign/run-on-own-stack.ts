import type { ChildProcess } from 'node:child_process';
import { startBenchStack } from '../../bench/support/bench-stack.js';
import { runCampaign } from './run-campaign.js';
import type { SeedPlan } from './seed-recipients.js';

export interface OwnStackOptions {
  tps: number;
  workers: number;
  concurrency: number;
  chaos: boolean;
}

/**
 * A private copy of the local stack (temporary data, free ports) whose worker
 * processes this command owns, so `--chaos` can SIGKILL one at 30% and start another.
 */
export async function runOnOwnStack(plan: SeedPlan, options: OwnStackOptions): Promise<number> {
  const stack = await startBenchStack({ simTps: options.tps });
  try {
    const workerEnv = { VENDOR_TPS: String(options.tps), WORKER_CONCURRENCY: String(options.concurrency) };
    const workers: ChildProcess[] = [];
    for (let i = 0; i < options.workers; i++) workers.push(await stack.startWorker(workerEnv));
    let chaosDone = !options.chaos;
    return await runCampaign(stack, plan, {
      tps: options.tps,
      async onProgress(settled, total) {
        if (chaosDone || settled < total * 0.3) return undefined;
        chaosDone = true;
        workers[0]!.kill('SIGKILL');
        workers.push(await stack.startWorker(workerEnv));
        return 'killed a worker (SIGKILL), started another';
      },
    });
  } finally {
    await stack.stop();
  }
}
