import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../libs/devstack/src/index.js';
import type { WorkerConfig } from '../../libs/config/src/index.js';
import { configAsEnv } from './config-env.js';
import { eventually } from './test-stack.js';

const WORKER_MAIN = fileURLToPath(new URL('../../dist/apps/worker/src/main.js', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  /** The ERROR (and worse) lines it logged, as pino wrote them (the last 500). */
  errorLines: string[];
}

/** pino's level for error. */
const ERROR_LEVEL = 50;

/**
 * A real worker process from the build (npm test builds first), so that tests can
 * kill it with SIGKILL or SIGTERM the way an orchestrator would.
 */
export async function startWorkerProcess(config: WorkerConfig): Promise<WorkerProcess> {
  if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: run npm run build (npm test does)`);
  const healthPort = await freePort();
  const env = configAsEnv({ ...config, WORKER_HEALTH_PORT: healthPort });
  const child = spawn(process.execPath, [WORKER_MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const errorLines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    try {
      if ((JSON.parse(line) as { level?: number }).level! >= ERROR_LEVEL) errorLines.push(line);
      if (errorLines.length > 500) errorLines.shift();
    } catch {
      // Not a log line.
    }
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${stderr}`);
      const response = await fetch(`http://127.0.0.1:${healthPort}/health/ready`);
      return response.ok ? true : undefined;
    },
    20_000,
    'worker process to be healthy',
  );
  return { child, exited, errorLines };
}
