import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { randomBytes } from 'node:crypto';
import { createVendorSim, type VendorSim, type VendorSimOptions } from '../../apps/vendor-sim/src/index.js';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app.js';
import { HealthServer } from '../../apps/worker/src/http/health.server.js';
import { parseEnv, workerConfigSchema, type WorkerConfig } from '../../libs/config/src/index.js';
import { Queue } from 'bullmq';
import { queueOptions, REPORTS_QUEUE } from '../../libs/queue/src/index.js';
import type { Notification, NotificationEvent } from '../../libs/db/src/index.js';
import type { NotificationStatus } from '../../libs/domain/src/index.js';
import { startTestApi, type TestApi } from './test-api.js';

/** A value as it arrives in a JSON body: dates are ISO strings. */
type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/** GET /v1/notifications/:id's body: the row with its history. */
export type NotificationBody = Jsonified<Notification> & { history: Array<Jsonified<NotificationEvent>> };

export interface TestStack {
  api: TestApi;
  sim: VendorSim;
  /** The in-process worker; absent when the test runs worker processes itself. */
  worker?: INestApplicationContext;
  workerConfig: WorkerConfig;
  workerHealthUrl: string;
  /** Registers a template in Herald and approves it at the simulator. */
  registerTemplate(code: string, body: string, failbackBody?: string): Promise<void>;
  /** POST /v1/notifications; fails the test unless it is accepted. Returns the id. */
  send(body: Record<string, unknown>): Promise<string>;
  /** GET /v1/notifications/:id: the row with its history. */
  read(id: string): Promise<NotificationBody>;
  /** Polls until the notification has this status; returns the row. */
  untilStatus(id: string, status: NotificationStatus, timeoutMs?: number): Promise<NotificationBody>;
  /** Waits until every queued delivery report has been applied (or failed). */
  untilReportsApplied(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole path in one process: API → Redis → worker → simulator → report callback
 * → API, each on real sockets, with its own database and queue prefix.
 */
export interface StackOptions {
  apiEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
  sim?: Partial<VendorSimOptions>;
  /** false: the test starts worker processes itself. */
  inProcessWorker?: boolean;
  /** Where the in-process worker writes its log lines (levels log, warn, error); default: errors to stdout. */
  workerLogs?: DestinationStream;
}

/**
 * A vendor that never limits Herald and reports within ~30 ms, in batches: the chaos
 * suites measure recovery from the fault they inject, not the vendor's pace.
 */
export const UNLIMITED_VENDOR: Partial<VendorSimOptions> = { SIM_TPS: 100_000, reportDelayMs: 20, reportJitterMs: 10, reportBatchSize: 50 };

export async function startTestStack(options: StackOptions = {}): Promise<TestStack> {
  const api = await startTestApi({ SEND_ATTEMPTS: '4', ...options.apiEnv });
  const opened: Array<{ close(): Promise<void> }> = [api];
  try {
    return await assemble(api, opened, options);
  } catch (error) {
    // A stack half started must not keep the test process alive.
    for (const part of opened.reverse()) await part.close().catch(() => undefined);
    throw error;
  }
}

async function assemble(api: TestApi, opened: Array<{ close(): Promise<void> }>, options: StackOptions): Promise<TestStack> {
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
  opened.push(sim);
  const workerConfig = parseEnv(workerConfigSchema, {
    DATABASE_URL: api.config.DATABASE_URL,
    ...api.redisEnv,
    QUEUE_PREFIX: api.config.QUEUE_PREFIX,
    SEND_QUEUE_SHARDS: String(api.config.SEND_QUEUE_SHARDS),
    VENDOR_URL: sim.url,
    ...account,
    VENDOR_TPS: '1000',
    WORKER_HEALTH_PORT: '0',
    WORKER_CONCURRENCY: '10',
    // Short backoff keeps retry tests fast.
    SEND_BACKOFF_MS: '50',
    SEND_BACKOFF_MAX_MS: '400',
    SEND_ATTEMPTS: '4',
    ...options.workerEnv,
  });
  const logs = options.workerLogs
    ? { logger: ['log', 'warn', 'error'] as LogLevel[], logDestination: options.workerLogs }
    : { logger: ['error'] as LogLevel[] };
  const worker = options.inProcessWorker === false ? undefined : await createWorkerApp(workerConfig, logs);
  const workerHealthUrl = worker ? `http://127.0.0.1:${worker.get(HealthServer).port}/health` : '';

  async function send(body: Record<string, unknown>): Promise<string> {
    const response = await api.request('POST', '/v1/notifications', { body });
    if (response.status !== 202) throw new Error(`send refused: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }
  const read = async (id: string) => (await api.request<NotificationBody>('GET', `/v1/notifications/${id}`)).body;

  return {
    api,
    sim,
    worker,
    workerConfig,
    workerHealthUrl,
    async registerTemplate(code, body, failbackBody) {
      const response = await api.request('POST', '/v1/templates', { body: { code, body, failbackBody } });
      if (response.status !== 201) throw new Error(`template registration failed: ${JSON.stringify(response.body)}`);
      sim.approveTemplate(code, body);
    },
    send,
    read,
    async untilReportsApplied() {
      const reports = new Queue(REPORTS_QUEUE, queueOptions(api.config, 'producer', REPORTS_QUEUE));
      try {
        await eventually(
          async () => {
            const counts = await reports.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
            return Object.values(counts).every((count) => count === 0) ? true : undefined;
          },
          10_000,
          'reports to be applied',
        );
      } finally {
        await reports.close();
      }
    },
    untilStatus: (id, status, timeoutMs = 10_000) =>
      eventually(
        async () => {
          const row = await read(id);
          return row.status === status ? row : undefined;
        },
        timeoutMs,
        `${id} to be ${status}`,
      ),
    async close() {
      await worker?.close();
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
  throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.message : JSON.stringify(last)}` : ''}`);
}
