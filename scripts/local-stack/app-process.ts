import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { stopChild } from '../../libs/devstack/src/index.js';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs one Herald app as a child process, its output prefixed with its name. */
export function startAppProcess(name: string, script: string, env: NodeJS.ProcessEnv): AppProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  return { name, child, stop: () => stopChild(child, 15_000) };
}

/** Polls a URL until it answers 2xx; a child that exits first fails the wait. */
export async function waitForHttp(url: string, app: AppProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null) throw new Error(`${app.name} exited with code ${app.child.exitCode} while starting`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${app.name} did not answer ${url} within ${timeoutMs} ms`);
}
