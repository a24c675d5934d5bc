import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { apiConfigSchema, parseEnv, type ApiConfig } from '../../libs/config/src/index.js';
import { DEAD_LETTER_QUEUE, queueOptions, SEND_QUEUE } from '../../libs/queue/src/index.js';
import { signReportBody } from '../../libs/vendor/src/index.js';
import { requestJson, type JsonResponse } from './http.js';
import { createTestDatabase, testQueuePrefix, testRedisEnv } from './test-database.js';

export interface TestApi {
  url: string;
  config: ApiConfig;
  /** The Redis this API was given (REDIS_URL or REDIS_CLUSTER_NODES), for workers of the same stack. */
  redisEnv: Record<string, string>;
  /** A producer key of the tenant `default` (HERALD_API_KEYS). */
  apiKey: string;
  /** An operator key (HERALD_OPERATOR_KEYS). */
  operatorKey: string;
  app: NestFastifyApplication;
  /** Every route the HTTP router was given after the app was built (Nest's controllers), as `METHOD /path/:param`. */
  routes: string[];
  /** Authenticated with the test API key unless headers say otherwise. */
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<JsonResponse<T>>;
  /** The same, with the operator key. */
  operator<T = any>(method: string, path: string, options?: RequestOptions): Promise<JsonResponse<T>>;
  /** Makes a tenant (through the admin API) and a producer key of it; `request` calls as that tenant. */
  createTenant(id: string, key?: { scopes?: string[] }): Promise<TestTenant>;
  countNotifications(): Promise<number>;
  /** POST /v1/vendor/reports with `raw` signed as the vendor signs it (no producer key). */
  postReport(raw: string): Promise<JsonResponse>;
  /** Jobs in the send queue, in any state. */
  countSendJobs(): Promise<number>;
  sendQueue: Queue;
  /** The dead-letter queue, opened on first use. */
  deadLetterQueue(): Queue;
  close(): Promise<void>;
}

type RequestOptions = { body?: unknown; rawBody?: string; headers?: Record<string, string> };

export interface TestTenant {
  id: string;
  key: string;
  keyId: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<JsonResponse<T>>;
}

/**
 * The real API on a port of its own, with its own database and queue prefix.
 * `env` overrides any of it: with HERALD_API_KEYS, `apiKey` is the first key listed;
 * with DATABASE_URL, no new database is made (a second API process on the same data).
 */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const apiKey = env.HERALD_API_KEYS?.split(',')[0]?.trim() || `test-key-${randomBytes(12).toString('hex')}`;
  const operatorKey = env.HERALD_OPERATOR_KEYS?.split(',')[0]?.trim() || `test-operator-${randomBytes(12).toString('hex')}`;
  const redisEnv: Record<string, string> = env.REDIS_URL
    ? { REDIS_URL: env.REDIS_URL }
    : env.REDIS_CLUSTER_NODES
      ? { REDIS_CLUSTER_NODES: env.REDIS_CLUSTER_NODES }
      : testRedisEnv();
  const config = parseEnv(apiConfigSchema, {
    DATABASE_URL: env.DATABASE_URL ?? (await createTestDatabase()),
    ...redisEnv,
    QUEUE_PREFIX: testQueuePrefix(),
    HERALD_API_KEYS: apiKey,
    HERALD_OPERATOR_KEYS: operatorKey,
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    // Test receivers listen on loopback; the refusal of private addresses has its own test.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    REPORT_SECRET: randomBytes(24).toString('hex'),
    ADMIN_USER: 'operator',
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    PORT: '0',
    ...env,
  });
  const as =
    (key: string) =>
    (method: string, path: string, options: RequestOptions = {}) =>
      requestJson(url, method, path, { ...options, headers: { authorization: `Bearer ${key}`, ...options.headers } });
  const app = await createApiApp(config, { logger: ['error', 'warn'] });
  // Fastify can print its routes but not list them: record each as it is added (Nest adds its own on listen).
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', ({ method, url }) => {
      for (const name of [method].flat()) routes.push(`${name} ${url}`);
    });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  const sendQueue = new Queue(SEND_QUEUE, queueOptions(config, 'producer', SEND_QUEUE));
  sendQueue.on('error', () => undefined); // the unreachable-Redis tests expect errors
  let deadLetterQueue: Queue | undefined;
  return {
    url,
    deadLetterQueue: () => (deadLetterQueue ??= new Queue(DEAD_LETTER_QUEUE, queueOptions(config, 'producer', DEAD_LETTER_QUEUE))),
    config,
    redisEnv,
    apiKey,
    app,
    routes,
    sendQueue,
    operatorKey,
    request: as(apiKey),
    operator: as(operatorKey),
    async createTenant(id, key = {}) {
      const made = await as(operatorKey)('POST', '/v1/admin/tenants', { body: { id, name: id } });
      if (made.status !== 201) throw new Error(`tenant ${id}: ${made.status} ${JSON.stringify(made.body)}`);
      const issued = await as(operatorKey)('POST', `/v1/admin/tenants/${id}/keys`, { body: key });
      if (issued.status !== 201) throw new Error(`key of ${id}: ${issued.status} ${JSON.stringify(issued.body)}`);
      return { id, key: issued.body.key, keyId: issued.body.id, request: as(issued.body.key) };
    },
    postReport: (raw) =>
      requestJson(url, 'POST', '/v1/vendor/reports', { rawBody: raw, headers: { 'x-signature': signReportBody(config.REPORT_SECRET, raw) } }),
    countNotifications: async () => Number((await pool.query('select count(*) from notifications')).rows[0].count),
    countSendJobs: async () => {
      const counts = await sendQueue.getJobCounts();
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    async close() {
      await app.close();
      await sendQueue.close();
      await deadLetterQueue?.close();
      await pool.end();
    },
  };
}
