import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { JsonResponse } from '../../support/http.js';
import { requestJson } from '../../support/http.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

const template = { code: 'KEYS', body: '#{name}님' };
const as = (key: string) => ({ authorization: `Bearer ${key}` });

/** Polls `call` every 20 ms until `done` holds; how long that took (ms). */
async function timeUntil(call: () => Promise<JsonResponse>, done: (answer: JsonResponse) => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (done(await call())) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('an API key from creation to revocation, across two API processes', () => {
  let api: TestApi;
  let other: TestApi;
  let db: pg.Pool;

  beforeAll(async () => {
    api = await startTestApi();
    // The second process caches keys for a minute: only the announcement can make it forget in time.
    other = await startTestApi({ DATABASE_URL: api.config.DATABASE_URL, QUEUE_PREFIX: api.config.QUEUE_PREFIX, CREDENTIAL_CACHE_MS: '60000' });
    db = new pg.Pool({ connectionString: api.config.DATABASE_URL, max: 1 });
    expect((await api.operator('POST', '/v1/admin/tenants', { body: { id: 'keys-shop', name: 'Shop' } })).status).toBe(201);
  });
  afterAll(async () => {
    await db?.end();
    await other?.close();
    await api?.close();
  });

  it('is shown once, stored hashed, used, rotated with a grace period, and revoked within a second everywhere', async () => {
    const made = await api.operator('POST', '/v1/admin/tenants/keys-shop/keys', { body: { description: 'orders' } });
    expect(made.status).toBe(201);
    const key: string = made.body.key;
    expect(key).toMatch(/^hrd_live_[A-Za-z0-9_-]{43}$/);
    expect(made.body).toMatchObject({ id: expect.stringMatching(/^key_[0-9a-f]{12}$/), prefix: key.slice(0, 13), state: 'active', tenantId: 'keys-shop' });
    // Nowhere in Postgres in plain text; the listing never shows it again.
    expect(JSON.stringify((await db.query('select * from api_keys')).rows)).not.toContain(key.slice(9));
    const listed = await api.operator('GET', '/v1/admin/tenants/keys-shop/keys');
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(9));
    expect(listed.body.items).toEqual([expect.objectContaining({ id: made.body.id, prefix: key.slice(0, 13), lastUsedAt: null })]);

    // Used on both processes (each now holds it in its cache).
    expect((await requestJson(api.url, 'POST', '/v1/templates', { body: template, headers: as(key) })).status).toBe(201);
    expect((await requestJson(other.url, 'GET', '/v1/templates/KEYS', { headers: as(key) })).status).toBe(200);

    // Rotated with a 2 s grace: both keys work meanwhile, on both processes; then only the new one.
    const rotated = await api.operator('POST', `/v1/admin/tenants/keys-shop/keys/${made.body.id}/rotate`, { body: { graceSeconds: 2 } });
    expect(rotated.status).toBe(201);
    const replacement: string = rotated.body.key;
    expect(rotated.body.replaces).toMatchObject({ id: made.body.id, state: 'rotating', expiresAt: expect.any(String) });
    for (const process of [api, other]) {
      for (const candidate of [key, replacement])
        expect((await requestJson(process.url, 'GET', '/v1/templates/KEYS', { headers: as(candidate) })).status).toBe(200);
    }
    const graceEnds = new Date(rotated.body.replaces.expiresAt).getTime();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, graceEnds - Date.now()) + 50));
    for (const process of [api, other]) {
      expect((await requestJson(process.url, 'GET', '/v1/templates/KEYS', { headers: as(key) })).status).toBe(401);
      expect((await requestJson(process.url, 'GET', '/v1/templates/KEYS', { headers: as(replacement) })).status).toBe(200);
    }

    // Revoked through one process: the other refuses it within a second, although it cached the key for a minute.
    const revoked = await api.operator('DELETE', `/v1/admin/tenants/keys-shop/keys/${rotated.body.id}`);
    expect(revoked.status).toBe(204);
    const tookMs = await timeUntil(
      () => requestJson(other.url, 'GET', '/v1/templates/KEYS', { headers: as(replacement) }),
      (answer) => answer.status === 401,
      1000,
    );
    console.log(`a revoked key was refused by the other API process after ${tookMs} ms`);
    const states = (await api.operator('GET', '/v1/admin/tenants/keys-shop/keys')).body.items.map((item: { state: string }) => item.state);
    expect(states).toEqual(['expired', 'revoked']);
    expect((await api.operator('DELETE', `/v1/admin/tenants/keys-shop/keys/${rotated.body.id}`)).status).toBe(404);
  });

  it('suspends a tenant on every process within a second, and resumes it', async () => {
    const { key } = (await api.operator('POST', '/v1/admin/tenants/keys-shop/keys', { body: {} })).body;
    expect((await requestJson(other.url, 'GET', '/v1/templates/KEYS', { headers: as(key) })).status).toBe(200);
    expect((await api.operator('PATCH', '/v1/admin/tenants/keys-shop', { body: { status: 'suspended' } })).body.status).toBe('suspended');
    await timeUntil(
      () => requestJson(other.url, 'GET', '/v1/templates/KEYS', { headers: as(key) }),
      (answer) => answer.status === 403 && answer.body.error.code === 'tenant_suspended',
      1000,
    );
    const countBefore = await api.countNotifications();
    const refused = await requestJson(api.url, 'POST', '/v1/notifications', {
      body: { to: '010-1111-2222', templateCode: 'KEYS', variables: { name: 'x' } },
      headers: as(key),
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'tenant_suspended']);
    expect(await api.countNotifications()).toBe(countBefore);
    await api.operator('PATCH', '/v1/admin/tenants/keys-shop', { body: { status: 'active' } });
    await timeUntil(
      () => requestJson(other.url, 'GET', '/v1/templates/KEYS', { headers: as(key) }),
      (answer) => answer.status === 200,
      1000,
    );
  });

  it('records when a key was last used', async () => {
    const { key, id } = (await api.operator('POST', '/v1/admin/tenants/keys-shop/keys', { body: {} })).body;
    await requestJson(api.url, 'GET', '/v1/templates/KEYS', { headers: as(key) });
    // Written at shutdown at the latest: a third process, closed at once.
    const third = await startTestApi({ DATABASE_URL: api.config.DATABASE_URL, QUEUE_PREFIX: api.config.QUEUE_PREFIX });
    await requestJson(third.url, 'GET', '/v1/templates/KEYS', { headers: as(key) });
    await third.close();
    const listed = (await api.operator('GET', '/v1/admin/tenants/keys-shop/keys')).body.items.find((item: { id: string }) => item.id === id);
    expect(listed.lastUsedAt).toEqual(expect.any(String));
  });
});
