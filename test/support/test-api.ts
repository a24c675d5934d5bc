import type { NestExpressApplication } from '@nestjs/platform-express';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { apiConfigSchema, parseEnv, type ApiConfig } from '../../libs/config/src/index.js';
import { queueRootOptions, SEND_QUEUE } from '../../libs/queue/src/index.js';
import { requestJson, type JsonResponse } from './http.js';
import { createTestDatabase, testQueuePrefix, testRedisUrl } from './test-database.js';

export interface TestApi {
  url: string;
  config: ApiConfig;
  apiKey: string;
  app: NestExpressApplication;
  /** Authenticated with the test API key unless headers say otherwise. */
  request<T = any>(method: string, path: string, options?: { body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<JsonResponse<T>>;
  countNotifications(): Promise<number>;
  /** Jobs in the send queue, in any state. */
  countSendJobs(): Promise<number>;
  sendQueue: Queue;
  close(): Promise<void>;
}

/** The real API on a port of its own, with its own database and queue prefix. */
export async function startTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const apiKey = `test-key-${randomBytes(12).toString('hex')}`;
  const config = parseEnv(apiConfigSchema, {
    DATABASE_URL: await createTestDatabase(),
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: testQueuePrefix(),
    HERALD_API_KEYS: apiKey,
    REPORT_SECRET: randomBytes(24).toString('hex'),
    PORT: '0',
    ...env,
  });
  const app = await createApiApp(config, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  const sendQueue = new Queue(SEND_QUEUE, queueRootOptions(config, 'producer'));
  sendQueue.on('error', () => undefined); // the unreachable-Redis tests expect errors
  return {
    url,
    config,
    apiKey,
    app,
    sendQueue,
    request: (method, path, options = {}) =>
      requestJson(url, method, path, { ...options, headers: { authorization: `Bearer ${apiKey}`, ...options.headers } }),
    countNotifications: async () => Number((await pool.query('select count(*) from notifications')).rows[0].count),
    countSendJobs: async () => {
      const counts = await sendQueue.getJobCounts();
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    async close() {
      await app.close();
      await sendQueue.close();
      await pool.end();
    },
  };
}
