import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startTestApi, type TestApi } from '../../support/test-api.js';

const subscription = { url: 'https://orders.example.com/herald-events', events: ['notification.delivered', 'notification.failed'] };

describe('webhook subscriptions', () => {
  let api: TestApi;
  let db: pg.Pool;
  const rows = async () => Number((await db.query('select count(*) from webhook_subscriptions')).rows[0].count);

  beforeAll(async () => {
    // The refusal of private addresses is on here; a public name that resolves is needed, so IP literals are used.
    api = await startTestApi({ WEBHOOK_ALLOW_PRIVATE: 'false' });
    db = new pg.Pool({ connectionString: api.config.DATABASE_URL, max: 1 });
  });
  afterAll(async () => {
    await db?.end();
    await api?.close();
  });

  const publicUrl = 'https://203.0.113.10/herald-events';

  it('shows the secret once, keeps it sealed, and lists, changes, rotates and deletes the subscription', async () => {
    const made = await api.request('POST', '/v1/webhooks', { body: { ...subscription, url: publicUrl, description: 'orders' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      url: publicUrl,
      events: subscription.events,
      status: 'active',
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const stored = JSON.stringify((await db.query('select * from webhook_subscriptions')).rows);
    expect(stored).not.toContain(made.body.secret.slice(6));
    const id = made.body.id as string;

    const listed = await api.request('GET', '/v1/webhooks');
    expect(listed.body.items).toEqual([expect.objectContaining({ id, url: publicUrl })]);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');

    const paused = await api.request('PATCH', `/v1/webhooks/${id}`, { body: { status: 'paused', batch: { maxSize: 50, maxWaitMs: 200 } } });
    expect(paused.body).toMatchObject({ status: 'paused', batch: { maxSize: 50, maxWaitMs: 200 } });

    const rotated = await api.request('POST', `/v1/webhooks/${id}/rotate-secret`, { body: { overlapSeconds: 60 } });
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).not.toBe(made.body.secret);
    expect(new Date(rotated.body.previousSecretUntil).getTime() - Date.now()).toBeGreaterThan(50_000);

    expect((await api.request('DELETE', `/v1/webhooks/${id}`)).status).toBe(204);
    expect((await api.request('GET', `/v1/webhooks/${id}`)).status).toBe(404);
  });

  it.each([
    ['a malformed URL', { ...subscription, url: 'not a url' }, 'url'],
    ['another scheme', { ...subscription, url: 'ftp://203.0.113.10/x' }, 'url'],
    ['credentials in the URL', { ...subscription, url: 'https://user:pass@203.0.113.10/x' }, 'url'],
    ['a loopback address', { ...subscription, url: 'http://127.0.0.1:8080/hook' }, 'url'],
    ['a private address', { ...subscription, url: 'http://10.0.0.5/hook' }, 'url'],
    ['the cloud metadata address', { ...subscription, url: 'http://169.254.169.254/latest' }, 'url'],
    ['an IPv6 loopback', { ...subscription, url: 'http://[::1]/hook' }, 'url'],
    ['a name that resolves to loopback', { ...subscription, url: 'http://localhost:8080/hook' }, 'url'],
    ['an unknown event type', { ...subscription, url: publicUrl, events: ['notification.read'] }, 'events.0'],
    ['no event type', { ...subscription, url: publicUrl, events: [] }, 'events'],
    ['an unknown field', { ...subscription, url: publicUrl, secret: 'mine' }, '(body)'],
  ])('refuses %s with 400 naming %s, storing nothing', async (_case, body, field) => {
    const before = await rows();
    const answer = await api.request('POST', '/v1/webhooks', { body });
    expect([answer.status, answer.body.error.code, answer.body.error.field]).toEqual([400, 'validation_failed', field]);
    expect(await rows()).toBe(before);
  });

  it('refuses a second subscription of the tenant to the same URL', async () => {
    const url = 'https://203.0.113.11/herald-events';
    expect((await api.request('POST', '/v1/webhooks', { body: { ...subscription, url } })).status).toBe(201);
    const before = await rows();
    const again = await api.request('POST', '/v1/webhooks', { body: { ...subscription, url } });
    expect([again.status, again.body.error.field, again.body.error.message]).toEqual([400, 'url', 'this tenant already has a subscription to this URL']);
    expect(await rows()).toBe(before);
  });
});

describe('webhook subscriptions without WEBHOOK_SECRET_KEY', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ WEBHOOK_SECRET_KEY: '' });
  });
  afterAll(() => api?.close());

  it('are off: 404 saying what to set', async () => {
    const answer = await api.request('POST', '/v1/webhooks', { body: subscription });
    expect([answer.status, answer.body.error.message]).toEqual([404, 'webhooks are off: set WEBHOOK_SECRET_KEY to use them']);
  });
});
