import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../libs/devstack/src/index.js';
import { startTestApi, type TestApi } from './support/test-api.js';

describe('GET /health when Redis is unreachable', () => {
  let api: TestApi;

  beforeAll(async () => {
    // Nothing listens on a port just handed out and released.
    api = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, ENQUEUE_TIMEOUT_MS: '500' });
  });
  afterAll(() => api.close());

  it('answers 503 and names Redis, while Postgres is up', async () => {
    const response = await api.request('GET', '/health');
    expect(response.status).toBe(503);
    expect(response.body.status).toBe('unavailable');
    expect(response.body.checks.postgres).toBe('up');
    expect(response.body.checks.redis).toMatch(/^down: /);
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
