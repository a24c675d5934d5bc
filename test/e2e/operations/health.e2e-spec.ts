import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { networkInterfaces } from 'node:os';
import { runMigrations } from '../../../libs/db/src/index.js';
import { freePort } from '../../../libs/devstack/src/index.js';
import { createTestDatabase } from '../../support/test-database.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { startTestStack, type TestStack } from '../../support/test-stack.js';

const READY = { status: 'ok', checks: { postgres: 'up', redis: 'up', migrations: 'up' } };

describe('health of a running API and worker', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('answers live and ready on the API, and /health as ready', async () => {
    expect(await stack.api.request('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await stack.api.request('GET', '/health/ready')).toMatchObject({ status: 200, body: READY });
    expect(await stack.api.request('GET', '/health')).toMatchObject({ status: 200, body: READY });
  });

  it('answers live and ready on the worker, and /health as ready', async () => {
    for (const [path, body] of [
      ['/live', { status: 'ok' }],
      ['/ready', READY],
      ['', READY],
    ] as const) {
      const response = await fetch(`${stack.workerHealthUrl}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(body);
    }
    expect((await fetch(`${stack.workerHealthUrl}/nothing`)).status).toBe(404);
  });

  it('listens on loopback only, since it has no authentication (WORKER_HEALTH_HOST opens it)', async () => {
    // Another address of this machine, if it has one: the port must not answer there.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    if (!external) return;
    const port = new URL(stack.workerHealthUrl).port;
    await expect(fetch(`http://${external}:${port}/health/live`)).rejects.toThrow();
  });
});

describe('readiness before the migrations ran', () => {
  let api: TestApi;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase({ migrated: false });
    api = await startTestApi({ DATABASE_URL: databaseUrl });
  });
  afterAll(() => api.close());

  it('is live but not ready, naming the missing migration, and ready once they are applied', async () => {
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    const before = await api.request('GET', '/health/ready');
    expect(before.status).toBe(503);
    expect(before.body.checks).toMatchObject({ postgres: 'up', redis: 'up' });
    expect(before.body.checks.migrations).toMatch(/^down: not applied: \d{4}_/);

    await runMigrations(databaseUrl);
    expect(await api.request('GET', '/health/ready')).toMatchObject({ status: 200, body: READY });
  });
});

describe('GET /health when Redis is unreachable', () => {
  let api: TestApi;

  beforeAll(async () => {
    // Nothing listens on a port just handed out and released.
    api = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, ENQUEUE_TIMEOUT_MS: '500' });
  });
  afterAll(() => api.close());

  it('is live, but answers ready with 503 naming Redis, while Postgres is up', async () => {
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    for (const path of ['/health/ready', '/health']) {
      const response = await api.request('GET', path);
      expect(response.status).toBe(503);
      expect(response.body.status).toBe('unavailable');
      expect(response.body.checks.postgres).toBe('up');
      expect(response.body.checks.redis).toMatch(/^down: /);
    }
  });

  it('answers a send quickly instead of hanging, and keeps the row for the reconciler', async () => {
    await api.request('POST', '/v1/templates', { body: { code: 'T', body: 'hello #{n}' } });
    const started = Date.now();
    const response = await api.request('POST', '/v1/notifications', { body: { to: '01012345678', templateCode: 'T', variables: { n: '1' } } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(response.status).toBe(202);
    expect(await api.countNotifications()).toBe(1);
  });
});
