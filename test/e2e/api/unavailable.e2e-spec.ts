import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { freePort } from '../../../libs/devstack/src/index.js';
import type { JsonResponse } from '../../support/http.js';
import { deliveryReport } from '../../support/delivery-report.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

/** A store that is down is a 503 with Retry-After, never a bare 500 (DESIGN.md, invariant 9). */
function expectUnavailable(response: JsonResponse, store: RegExp): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(response.body.error.code).toBe('unavailable');
  expect(response.body.error.message).toMatch(store);
}

describe('when Postgres is unreachable', () => {
  let api: TestApi;

  beforeAll(async () => {
    // Nothing listens on a port just handed out and released.
    api = await startTestApi({ DATABASE_URL: `postgres://herald:x@127.0.0.1:${await freePort()}/herald` });
  });
  afterAll(() => api.close());

  it.each([
    ['POST', '/v1/notifications', { to: '010-1234-5678', templateCode: 'T', variables: {} }],
    ['POST', '/v1/notifications/batch', { notifications: [{ to: '010-1234-5678', templateCode: 'T', variables: {} }] }],
    ['POST', '/v1/templates', { code: 'T', body: 'hello' }],
    ['GET', '/v1/notifications/0190a000-0000-7000-8000-000000000000', undefined],
    ['GET', '/v1/dlq', undefined],
    ['POST', '/v1/campaigns', { name: 'c', templateCode: 'T' }],
  ])('answers %s %s with 503 and Retry-After', async (method, path, body) => {
    expectUnavailable(await api.request(method, path, { body }), /Postgres|store/);
  });
});

describe('when Redis is unreachable', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, ENQUEUE_TIMEOUT_MS: '500' });
  });
  afterAll(() => api.close());

  it('answers a delivery report with 200 once Postgres holds it (the worker queues it later)', async () => {
    const raw = JSON.stringify(deliveryReport({ msgKey: 'kept-while-redis-down' }));
    const answer = await api.postReport(raw);
    expect([answer.status, answer.body]).toEqual([200, { received: 1 }]);
    const pool = new pg.Pool({ connectionString: api.config.DATABASE_URL, max: 1 });
    const { rows } = await pool.query(`select reports from report_inbox`);
    await pool.end();
    expect(rows).toEqual([{ reports: [expect.objectContaining({ msgKey: 'kept-while-redis-down' })] }]);
  });

  it('answers a change of the vendor budget with 503', async () => {
    expectUnavailable(await api.operator('PUT', '/v1/vendor/rate-limit', { body: { tps: 100 } }), /Redis|store/);
  });
});

describe('when both Redis and Postgres are unreachable', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`,
      ENQUEUE_TIMEOUT_MS: '300',
    });
  });
  afterAll(() => api.close());

  it('answers a delivery report with 503, so the vendor retries it later', async () => {
    expectUnavailable(await api.postReport(JSON.stringify(deliveryReport())), /Postgres|store/);
  });
});
