import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { requestJson } from '../../support/http.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

const send = { to: '010-4444-0001', templateCode: 'AUTH', variables: { name: 'x' } };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('refused credentials and spent quotas', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
    await api.request('POST', '/v1/templates', { body: { code: 'AUTH', body: '#{name}님' } });
  });
  afterAll(() => api?.close());

  it('answers an unknown, malformed, revoked and expired key alike, and stores nothing', async () => {
    const made = await api.operator('POST', '/v1/admin/tenants', { body: { id: 'auth-shop', name: 'Shop' } });
    expect(made.status).toBe(201);
    const revoked = (await api.operator('POST', '/v1/admin/tenants/auth-shop/keys', { body: {} })).body;
    await api.operator('DELETE', `/v1/admin/tenants/auth-shop/keys/${revoked.id}`);
    const expired = (await api.operator('POST', '/v1/admin/tenants/auth-shop/keys', { body: {} })).body;
    await api.operator('POST', `/v1/admin/tenants/auth-shop/keys/${expired.id}/rotate`, { body: { graceSeconds: 0 } });
    const before = await api.countNotifications();
    const answers = [];
    for (const key of [`hrd_live_${randomBytes(32).toString('base64url')}`, 'not-a-key-at-all', revoked.key, expired.key]) {
      const answer = await requestJson(api.url, 'POST', '/v1/notifications', { body: send, headers: bearer(key) });
      answers.push([answer.status, answer.body]);
    }
    const refusal = [401, { error: { code: 'unauthorized', message: 'invalid API key', field: 'authorization' } }];
    expect(answers).toEqual([refusal, refusal, refusal, refusal]);
    expect(await api.countNotifications()).toBe(before);
  });

  it('refuses a tenant past its daily quota with 429 quota_exceeded until its next midnight, whole batches or nothing', async () => {
    await api.operator('POST', '/v1/admin/tenants', { body: { id: 'quota-shop', name: 'Quota', dailyQuota: 3, timeZone: 'Asia/Seoul' } });
    const { key } = (await api.operator('POST', '/v1/admin/tenants/quota-shop/keys', { body: {} })).body;
    await requestJson(api.url, 'POST', '/v1/templates', { body: { code: 'AUTH', body: '#{name}님' }, headers: bearer(key) });
    const batch = (count: number) => ({ notifications: Array.from({ length: count }, () => send) });
    expect((await requestJson(api.url, 'POST', '/v1/notifications/batch', { body: batch(2), headers: bearer(key) })).status).toBe(202);
    const before = await api.countNotifications();
    // Two more do not fit in the one left: refused whole.
    const refused = await requestJson(api.url, 'POST', '/v1/notifications/batch', { body: batch(2), headers: bearer(key) });
    expect([refused.status, refused.body.error.code]).toEqual([429, 'quota_exceeded']);
    const retryAfter = Number(refused.headers.get('retry-after'));
    const seoulSeconds = (Date.now() / 1000 + 9 * 3600) % 86_400;
    expect(Math.abs(retryAfter - (86_400 - seoulSeconds))).toBeLessThan(5);
    expect(await api.countNotifications()).toBe(before);
    // The one that fits still goes, and then nothing more today.
    expect((await requestJson(api.url, 'POST', '/v1/notifications', { body: send, headers: bearer(key) })).status).toBe(202);
    const single = await requestJson(api.url, 'POST', '/v1/notifications', { body: send, headers: { ...bearer(key), 'idempotency-key': 'over-quota' } });
    expect([single.status, single.body.error.code]).toEqual([429, 'quota_exceeded']);
    // A 429 is not kept as the key's answer: once the quota allows, the same key runs.
    await api.operator('PATCH', '/v1/admin/tenants/quota-shop', { body: { dailyQuota: 10 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await requestJson(api.url, 'POST', '/v1/notifications', { body: send, headers: { ...bearer(key), 'idempotency-key': 'over-quota' } })).status).toBe(
      202,
    );
    // Other tenants are not affected.
    expect((await api.request('POST', '/v1/notifications', { body: send })).status).toBe(202);
  });
});

describe('an address that keeps presenting wrong keys', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it('gets 429 before its keys are looked up, and is let in again once its bucket refills', async () => {
    const statuses: Record<number, number> = {};
    for (let n = 0; n < 2000; n++) {
      const answer = await requestJson(api.url, 'GET', '/v1/dlq', { headers: bearer(`wrong-${n}-${randomBytes(8).toString('hex')}`) });
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    }
    console.log(`2000 wrong keys from one address: ${JSON.stringify(statuses)}`);
    // AUTH_FAILURE_BURST (20) failures, and about one a second after: the loop takes a few seconds.
    expect(statuses[401]).toBeGreaterThanOrEqual(20);
    expect(statuses[401]).toBeLessThan(60);
    expect(statuses[429]).toBe(2000 - statuses[401]!);
    const throttled = await requestJson(api.url, 'GET', '/v1/dlq', { headers: bearer(api.apiKey) });
    expect([throttled.status, throttled.body.error.code]).toEqual([429, 'too_many_failures']);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 1100 * Number(throttled.headers.get('retry-after'))));
    expect((await requestJson(api.url, 'GET', '/v1/dlq', { headers: bearer(api.apiKey) })).status).toBe(200);
  });
});
