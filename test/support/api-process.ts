import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ApiConfig } from '../../libs/config/src/index.js';
import { freePort } from '../../libs/devstack/src/index.js';
import { configAsEnv } from './config-env.js';
import { eventually } from './test-stack.js';

const API_MAIN = fileURLToPath(new URL('../../dist/apps/api/src/main.js', import.meta.url));

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * A real API process from the build (npm test builds first), on the same database,
 * Redis and queue prefix as `config`, so that a test can kill it with SIGKILL mid-request
 * the way a crash would. `port` restarts it where producers already send.
 */
export async function startApiProcess(config: ApiConfig, port?: number, env: Record<string, string> = {}): Promise<ApiProcess> {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build (npm test does)`);
  const listenOn = port ?? (await freePort());
  const childEnv = configAsEnv({ ...config, PORT: listenOn, LOG_LEVEL: 'warn', ...env });
  const child = spawn(process.execPath, [API_MAIN], { env: { PATH: process.env.PATH, ...childEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `http://127.0.0.1:${listenOn}`;
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}: ${stderr}`);
      const response = await fetch(`${url}/health/live`).catch(() => undefined);
      return response?.ok ? true : undefined;
    },
    20_000,
    'api process to be live',
  );
  return { child, url, exited };
}
