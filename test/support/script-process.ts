import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: scripts run from there, as `npm run` runs them. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A script under `scripts/` as `npm run` runs it (through tsx, no build), in a child
 * process that gets only PATH and `env`: what it prints, and how it exited.
 */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
