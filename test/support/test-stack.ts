import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createVendorSim, type VendorSim, type VendorSimOptions } from '../../apps/vendor-sim/src/index.js';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app.js';
import { HealthServer } from '../../apps/worker/src/health.server.js';
import { parseEnv, workerConfigSchema, type WorkerConfig } from '../../libs/config/src/index.js';
import { startTestApi, type TestApi } from './test-api.js';

export interface TestStack {
  api: TestApi;
  sim: VendorSim;
  worker: INestApplicationContext;
  workerConfig: WorkerConfig;
  workerHealthUrl: string;
  /** Registers a template in Herald and approves it at the simulator. */
  registerTemplate(code: string, body: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole path in one process: API → Redis → worker → simulator → report callback
 * → API, each on real sockets, with its own database and queue prefix.
 */
export async function startTestStack(
  options: { workerEnv?: Record<string, string>; sim?: Partial<VendorSimOptions> } = {},
): Promise<TestStack> {
  // Producers stamp the retry policy on each job; short backoff keeps retry tests fast.
  const api = await startTestApi({ SEND_BACKOFF_MS: '50', SEND_ATTEMPTS: '4' });
  const account = {
    VENDOR_CLIENT_ID: 'herald-test',
    VENDOR_CLIENT_SECRET: randomBytes(18).toString('hex'),
    VENDOR_SENDER_KEY: 'test-sender',
  };
  const sim = await createVendorSim({
    ...account,
    REPORT_SECRET: api.config.REPORT_SECRET,
    host: '127.0.0.1',
    SIM_TPS: 1000,
    reportUrl: `${api.url}/v1/vendor/reports`,
    reportDelayMs: 100,
    reportJitterMs: 0,
    ...options.sim,
  });
  const workerConfig = parseEnv(workerConfigSchema, {
    DATABASE_URL: api.config.DATABASE_URL,
    REDIS_URL: api.config.REDIS_URL,
    QUEUE_PREFIX: api.config.QUEUE_PREFIX,
    VENDOR_URL: sim.url,
    ...account,
    VENDOR_TPS: '1000',
    WORKER_HEALTH_PORT: '0',
    WORKER_CONCURRENCY: '10',
    ...options.workerEnv,
  });
  const worker = await createWorkerApp(workerConfig, { logger: ['error'] });
  const workerHealthUrl = `http://127.0.0.1:${worker.get(HealthServer).port}/health`;

  return {
    api,
    sim,
    worker,
    workerConfig,
    workerHealthUrl,
    async registerTemplate(code, body) {
      const response = await api.request('POST', '/v1/templates', { body: { code, body } });
      if (response.status !== 201) throw new Error(`template registration failed: ${JSON.stringify(response.body)}`);
      sim.approveTemplate(code, body);
    },
    async close() {
      await worker.close();
      await api.close();
      await sim.close();
    },
  };
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
