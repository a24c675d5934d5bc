import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runMigrations } from '../../libs/db/src/migrate.js';
import { freePort, startPostgres, startRedis, stopChild } from '../../libs/devstack/src/index.js';
import { apiClient as producerApiClient, json, type ApiCall } from '../../scripts/seed-campaign/http.js';

const dist = (app: string) => fileURLToPath(new URL(`../../dist/apps/${app}/src/main.js`, import.meta.url));

export interface BenchStack {
  redisUrl: string;
  databaseUrl: string;
  apiUrl: string;
  simUrl: string;
  apiKey: string;
  /** For the vendor budget (PUT /v1/vendor/rate-limit). */
  operatorKey: string;
  /** Processes, for memory and CPU figures. */
  apiPid: number;
  simPid: number;
  redisPid: number;
  reportSecret: string;
  prefix: string;
  /** Env every Herald app of this stack runs with. */
  env: Record<string, string>;
  pool: pg.Pool;
  /** `nodeArgs`, e.g. ['--cpu-prof'], go to node itself. */
  startWorker(extra?: Record<string, string>, nodeArgs?: string[]): Promise<ChildProcess>;
  stopWorkers(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Herald as it runs in production, on this machine: Redis and Postgres, and the
 * simulator, API and workers as separate processes built into dist/ (npm run bench
 * builds first). Benchmarks compare it with baselines on the same Redis and Postgres.
 */
export async function startBenchStack(options: { simTps: number; reportBatchSize?: number }): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  chmodSync(dataDir, 0o777);
  const redis = await startRedis();
  const postgres = await startPostgres({ dataDir: join(dataDir, 'pg'), password: 'bench-only-password' });
  const databaseUrl = await postgres.createDatabase('bench');
  await runMigrations(databaseUrl);
  const [apiPort, simPort] = [await freePort(), await freePort()];
  const apiKey = `bench-${randomBytes(12).toString('hex')}`;
  const operatorKey = `bench-operator-${randomBytes(12).toString('hex')}`;
  const reportSecret = randomBytes(16).toString('hex');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '20',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'bench',
    HERALD_API_KEYS: apiKey,
    HERALD_OPERATOR_KEYS: operatorKey,
    REPORT_SECRET: reportSecret,
    ADMIN_USER: 'bench',
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    PORT: String(apiPort),
    VENDOR_URL: `http://127.0.0.1:${simPort}`,
    VENDOR_CLIENT_ID: 'bench',
    VENDOR_CLIENT_SECRET: randomBytes(12).toString('hex'),
    VENDOR_SENDER_KEY: 'bench-sender',
    VENDOR_TPS: '100000',
    ...(process.env.BENCH_RATE_WINDOW_MS ? { VENDOR_RATE_WINDOW_MS: process.env.BENCH_RATE_WINDOW_MS } : {}),
    SIM_PORT: String(simPort),
    SIM_TPS: String(options.simTps),
    SIM_REPORT_URL: `http://127.0.0.1:${apiPort}/v1/vendor/reports`,
    SIM_REPORT_DELAY_MS: '50',
    WORKER_CONCURRENCY: '100',
    // Benchmarks measure Herald's ceiling, not the per-key producer limit.
    API_RATE_LIMIT_PER_SECOND: '1000000',
    API_RATE_LIMIT_BURST: '1000000',
    REPORT_BATCH_SIZE: String(options.reportBatchSize ?? 500),
  };
  const children: ChildProcess[] = [];
  const workers: ChildProcess[] = [];
  // BENCH_PROFILE=dir: every app process writes its CPU profile there on exit (open it in Chrome DevTools).
  const profile = (app: string) =>
    process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, `--cpu-prof-name=${app}.${Date.now()}.cpuprofile`] : [];
  const start = async (app: string, extra: Record<string, string>, healthUrl: string, nodeArgs: string[] = []) => {
    const child = spawn(process.execPath, [...profile(app), ...nodeArgs, dist(app)], { env: { ...env, ...extra }, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitFor(healthUrl, child);
    return child;
  };
  const sim = await start('vendor-sim', {}, `http://127.0.0.1:${simPort}/health`);
  children.push(sim);
  const api = await start('api', {}, `http://127.0.0.1:${apiPort}/health`);
  children.push(api);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  return {
    redisUrl: redis.url,
    databaseUrl,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    simUrl: `http://127.0.0.1:${simPort}`,
    apiKey,
    operatorKey,
    apiPid: api.pid!,
    simPid: sim.pid!,
    redisPid: redis.pid,
    reportSecret,
    prefix: 'bench',
    env,
    pool,
    async startWorker(extra = {}, nodeArgs = []) {
      const port = await freePort();
      const worker = await start('worker', { WORKER_HEALTH_PORT: String(port), ...extra }, `http://127.0.0.1:${port}/health`, nodeArgs);
      workers.push(worker);
      return worker;
    },
    async stopWorkers() {
      await Promise.all(workers.splice(0).map((worker) => stopChild(worker)));
    },
    async stop() {
      // Workers first, while the API, Redis and Postgres they finish against are still up.
      await Promise.all(workers.map((child) => stopChild(child)));
      await Promise.all(children.map((child) => stopChild(child)));
      await pool.end();
      await redis.stop();
      await postgres.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

// One JSON helper for benchmarks and seed:campaign: the same errors, the same headers.
export { json };

/** JSON calls to the stack's API with its producer key, or its operator key. */
export function apiClient(stack: BenchStack, role: 'producer' | 'operator' = 'producer'): ApiCall {
  return producerApiClient(stack.apiUrl, role === 'producer' ? stack.apiKey : stack.operatorKey);
}

/** Registers a template with Herald and approves it at the simulator. */
export async function registerTemplate(stack: BenchStack, code: string, body: string): Promise<void> {
  await json(`${stack.apiUrl}/v1/templates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ code, body }),
  });
  await json(`${stack.simUrl}/_sim/templates/${code}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body }) });
}

export async function pollUntil(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function printResult(name: string, figures: Record<string, number | string>): void {
  console.log(`\n## ${name}`);
  console.table(figures);
  console.log(`RESULT ${JSON.stringify({ bench: name, ...figures })}`);
}
