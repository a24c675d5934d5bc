import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { ensureDebianCommand } from './debian-package.js';
import { freePort } from './free-port.js';

export interface RunningRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
  /** kill -9, as a crash would: no AOF rewrite, no goodbye to clients. Resolves once it exited. */
  kill(): Promise<void>;
}

const INSTALL_HINT =
  'redis-server is not on PATH. Install it with one of:\n' +
  '  apt-get install -y redis-server   (Debian/Ubuntu)\n' +
  '  brew install redis                (macOS)\n' +
  '  docker compose up -d redis        (then set REDIS_URL=redis://localhost:6379)';

/** Finds redis-server (installing Debian's package when root); anyone else gets told how to install it. */
export function ensureRedisServer(log: (line: string) => void = console.log): string {
  if (ensureDebianCommand('redis-server', 'redis-server', log)) return 'redis-server';
  throw new Error(INSTALL_HINT);
}

/**
 * Starts a redis-server child on a free port. `dataDir` turns on AOF so a restart
 * keeps the queues (the local stack); without it nothing is written (tests).
 * `extraArgs` are passed on (a cluster node's settings).
 */
export async function startRedis(options: { dataDir?: string; port?: number; extraArgs?: string[] } = {}): Promise<RunningRedis> {
  const binary = ensureRedisServer();
  const port = options.port ?? (await freePort());
  const persistence = options.dataDir
    ? ['--dir', options.dataDir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '']
    : ['--appendonly', 'no', '--save', ''];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--maxmemory-policy', 'noeviction', ...persistence, ...(options.extraArgs ?? [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await waitForReady(child, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    stop: () => stopChild(child),
    kill: () => stopChild(child, 0, 'SIGKILL'),
  };
}

function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server on ${port} not ready after 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}

export function stopChild(child: ChildProcess, graceMs = 5000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
