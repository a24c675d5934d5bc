import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { signReportBody } from '../../../libs/vendor/src/index.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

const keyA = `key-a-${randomBytes(12).toString('hex')}`;
const keyA2 = `key-a2-${randomBytes(12).toString('hex')}`;
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const message = (n: number) => ({ to: `010-5555-${1000 + n}`, templateCode: 'LIMIT', variables: { name: 'R' } });

// A bucket of 3 that refills one request per 1000 s: exhausting it does not race the clock.
// keyA and keyA2 are both keys of the tenant `default`.
const env = { HERALD_API_KEYS: `${keyA},${keyA2}`, API_RATE_LIMIT_PER_SECOND: '0.001', API_RATE_LIMIT_BURST: '3' };

describe('per-tenant API rate limit', () => {
  let api: TestApi;
  let second: TestApi;
  let keyB: string;

  beforeAll(async () => {
    api = await startTestApi(env);
    // A second API process on the same database and Redis prefix: the budget is shared.
    second = await startTestApi({ ...env, DATABASE_URL: api.config.DATABASE_URL, QUEUE_PREFIX: api.config.QUEUE_PREFIX });
    // Tenant B has a bucket of its own size; operator calls spend from no tenant's budget.
    expect((await api.operator('POST', '/v1/admin/tenants', { body: { id: 'limit-b', name: 'B', apiRateBurst: 4 } })).status).toBe(201);
    keyB = (await api.operator('POST', '/v1/admin/tenants/limit-b/keys', { body: {} })).body.key;
    // Templates straight into Postgres, so that registering them spends nothing.
    const pool = new pg.Pool({ connectionString: api.config.DATABASE_URL, max: 1 });
    await pool.query(`insert into templates (tenant_id, code, body) values ('default', 'LIMIT', '#{name}님'), ('limit-b', 'LIMIT', '#{name}님')`);
    await pool.end();
  });
  afterAll(async () => {
    await second?.close();
    await api?.close();
  });

  it('counts down RateLimit-* headers across API processes and keys of one tenant, then answers 429 with Retry-After and stores nothing', async () => {
    const remaining: Array<string | null> = [];
    for (const n of [1, 2]) {
      const sent = await api.request('POST', '/v1/notifications', { body: message(n), headers: as(keyA) });
      expect(sent.status).toBe(202);
      expect(sent.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(sent.headers.get('ratelimit-remaining'));
    }
    // The third request of the tenant goes through the other API process, with its other key: same bucket.
    const third = await second.request('POST', '/v1/notifications', { body: message(3), headers: as(keyA2) });
    expect(third.status).toBe(202);
    remaining.push(third.headers.get('ratelimit-remaining'));
    expect(remaining).toEqual(['2', '1', '0']);

    for (const [process, key] of [
      [api, keyA],
      [second, keyA2],
    ] as const) {
      const refused = await process.request('POST', '/v1/notifications', {
        body: message(4),
        headers: { ...as(key), 'idempotency-key': `refused-${randomBytes(4).toString('hex')}` },
      });
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('retry after') } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('ratelimit-limit')).toBe('3');
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    expect(await api.countNotifications()).toBe(3);
    expect(await api.countSendJobs()).toBe(3);

    // Tenant B still has its own budget, of its own size.
    const other = await api.request('POST', '/v1/notifications', { body: message(5), headers: as(keyB) });
    expect(other.status).toBe(202);
    expect(other.headers.get('ratelimit-limit')).toBe('4');
    expect(other.headers.get('ratelimit-remaining')).toBe('3');
    expect(await api.countNotifications()).toBe(4);
  });

  it('charges a batch one request per notification, all or none', async () => {
    // Tenant B has three requests left after the test above.
    const batch = (count: number) => ({ notifications: Array.from({ length: count }, (_, n) => message(10 + n)) });
    const refused = await api.request('POST', '/v1/notifications/batch', { body: batch(4), headers: as(keyB) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-remaining')).toBe('3');
    expect(await api.countNotifications()).toBe(4);

    const accepted = await api.request('POST', '/v1/notifications/batch', { body: batch(3), headers: as(keyB) });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('ratelimit-remaining')).toBe('0');
    expect(await api.countNotifications()).toBe(7);
  });

  it('does not limit health probes or the vendor report callback', async () => {
    for (let n = 0; n < 5; n++) {
      const live = await api.request('GET', '/health/live', { headers: as(keyA) });
      expect(live.status).toBe(200);
      expect(live.headers.get('ratelimit-limit')).toBeNull();
      const raw = JSON.stringify({
        msgKey: `m-${n}`,
        ref: `r-${n}`,
        channel: 'alimtalk',
        status: 'delivered',
        code: '0000',
        reportedAt: new Date().toISOString(),
      });
      const report = await api.request('POST', '/v1/vendor/reports', {
        rawBody: raw,
        headers: { 'x-signature': signReportBody(api.config.REPORT_SECRET, raw), authorization: '' },
      });
      expect(report.status).toBe(200);
      expect(report.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});
