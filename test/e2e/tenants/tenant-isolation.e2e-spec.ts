import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ROUTE_DOCS } from '../../../apps/api/src/openapi/openapi-document.js';
import type { JsonResponse } from '../../support/http.js';
import { startTestApi, type TestApi, type TestTenant } from '../../support/test-api.js';

/**
 * Tenant B's key on every route the app registers, aimed at tenant A's things. The table
 * below must name each route: a route added without an entry fails the first test, so no
 * new route can skip the isolation check. After each call, nothing of A's has changed in
 * Postgres, and nothing at all in Redis but the rate-limit buckets.
 */

/** What B's call must look like, given A's ids. */
type Check = (b: TestTenant, a: OwnedByA) => Promise<void>;

interface OwnedByA {
  notificationId: string;
  deadId: string;
  campaignId: string;
  /** A template only A has, and one B also registers under the same code. */
  templateOnlyA: string;
  sharedCode: string;
  suppressedPhone: string;
  webhookId: string;
}

const notFound = (response: JsonResponse) => expect([response.status, response.body?.error?.code]).toEqual([404, 'not_found']);
const unknownTemplate = (response: JsonResponse) => expect([response.status, response.body?.error?.code]).toEqual([400, 'unknown_template']);

/** Not owned by any tenant: the platform's routes and the vendor's callback. Operator routes are checked in operator-routes.e2e-spec. */
const NOT_TENANT_OWNED = 'not tenant-owned';
const A_WEBHOOK_URL = 'http://127.0.0.1:9/a-events';

const ROUTES: Record<string, Check | typeof NOT_TENANT_OWNED> = {
  'POST /v1/templates': async (b, a) => {
    // B's own code space: the same code is B's template, and A's stays as it was.
    const made = await b.request('POST', '/v1/templates', { body: { code: a.sharedCode, body: 'B의 #{name}' } });
    expect(made.status).toBe(201);
  },
  'GET /v1/templates/:code': async (b, a) => notFound(await b.request('GET', `/v1/templates/${a.templateOnlyA}`)),
  'POST /v1/notifications': async (b, a) =>
    unknownTemplate(await b.request('POST', '/v1/notifications', { body: { to: '010-3000-0001', templateCode: a.templateOnlyA, variables: { name: 'x' } } })),
  'POST /v1/notifications/batch': async (b, a) =>
    unknownTemplate(
      await b.request('POST', '/v1/notifications/batch', {
        body: { notifications: [{ to: '010-3000-0002', templateCode: a.templateOnlyA, variables: { name: 'x' } }] },
      }),
    ),
  'GET /v1/notifications/:id': async (b, a) => {
    notFound(await b.request('GET', `/v1/notifications/${a.notificationId}`));
    notFound(await b.request('GET', `/v1/notifications/${a.deadId}`));
  },
  'POST /v1/campaigns': async (b, a) => unknownTemplate(await b.request('POST', '/v1/campaigns', { body: { name: 'steal', templateCode: a.templateOnlyA } })),
  'GET /v1/campaigns/:id': async (b, a) => notFound(await b.request('GET', `/v1/campaigns/${a.campaignId}`)),
  'POST /v1/campaigns/:id/recipients': async (b, a) =>
    notFound(await b.request('POST', `/v1/campaigns/${a.campaignId}/recipients`, { body: [{ to: '010-3000-0003', variables: { name: 'x' } }] })),
  'POST /v1/campaigns/:id/start': async (b, a) => notFound(await b.request('POST', `/v1/campaigns/${a.campaignId}/start`)),
  'POST /v1/campaigns/:id/pause': async (b, a) => notFound(await b.request('POST', `/v1/campaigns/${a.campaignId}/pause`)),
  'POST /v1/campaigns/:id/resume': async (b, a) => notFound(await b.request('POST', `/v1/campaigns/${a.campaignId}/resume`)),
  'POST /v1/campaigns/:id/cancel': async (b, a) => notFound(await b.request('POST', `/v1/campaigns/${a.campaignId}/cancel`)),
  'POST /v1/suppressions': async (b) =>
    expect((await b.request('POST', '/v1/suppressions', { body: { phone: '010-3000-0004', reason: "B's own" } })).status).toBe(201),
  'GET /v1/suppressions': async (b, a) => {
    const list = await b.request('GET', '/v1/suppressions?limit=1000');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { phone: string }) => item.phone)).not.toContain(`010****${a.suppressedPhone.slice(-4)}`);
  },
  'GET /v1/suppressions/:phone': async (b, a) => notFound(await b.request('GET', `/v1/suppressions/${a.suppressedPhone}`)),
  'DELETE /v1/suppressions/:phone': async (b, a) => notFound(await b.request('DELETE', `/v1/suppressions/${a.suppressedPhone}`)),
  'GET /v1/dlq': async (b, a) => {
    const list = await b.request('GET', '/v1/dlq?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(a.deadId);
  },
  'POST /v1/dlq/redrive': async (b, a) => {
    expect((await b.request('POST', '/v1/dlq/redrive', { body: { ids: [a.deadId] } })).body).toEqual({ redriven: 0, more: false });
    expect((await b.request('POST', '/v1/dlq/redrive', { body: { code: 'E500' } })).body).toEqual({ redriven: 0, more: false });
  },
  'POST /v1/webhooks': async (b) => {
    // The same URL as A's subscription: B's own, beside A's.
    const made = await b.request('POST', '/v1/webhooks', { body: { url: A_WEBHOOK_URL, events: ['notification.delivered'] } });
    expect(made.status).toBe(201);
  },
  'GET /v1/webhooks': async (b, a) => {
    const list = await b.request('GET', '/v1/webhooks');
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).not.toContain(a.webhookId);
  },
  'GET /v1/webhooks/:id': async (b, a) => notFound(await b.request('GET', `/v1/webhooks/${a.webhookId}`)),
  'PATCH /v1/webhooks/:id': async (b, a) => notFound(await b.request('PATCH', `/v1/webhooks/${a.webhookId}`, { body: { status: 'paused' } })),
  'POST /v1/webhooks/:id/rotate-secret': async (b, a) => notFound(await b.request('POST', `/v1/webhooks/${a.webhookId}/rotate-secret`, { body: {} })),
  'POST /v1/webhooks/:id/test': async (b, a) => notFound(await b.request('POST', `/v1/webhooks/${a.webhookId}/test`)),
  'DELETE /v1/webhooks/:id': async (b, a) => notFound(await b.request('DELETE', `/v1/webhooks/${a.webhookId}`)),
  'POST /v1/vendor/reports': NOT_TENANT_OWNED,
  'GET /health/live': NOT_TENANT_OWNED,
  'GET /health/ready': NOT_TENANT_OWNED,
  'GET /health': NOT_TENANT_OWNED,
  'GET /metrics': NOT_TENANT_OWNED,
  'GET /docs-json': NOT_TENANT_OWNED,
  'GET /docs': NOT_TENANT_OWNED,
  'GET /docs/assets/:file': NOT_TENANT_OWNED,
};

/** The routes documented as needing an operator key, as `METHOD /path/:param`. */
export const OPERATOR_ROUTES = new Set(
  ROUTE_DOCS.filter((route) => route.auth === 'operatorKey').map((route) => `${route.method.toUpperCase()} ${route.path.replace(/\{(\w+)\}/g, ':$1')}`),
);

/** The routes Nest registered for its controllers (Bull Board and HEAD twins aside), as `METHOD /path/:param`. */
export function appRoutes(api: TestApi): string[] {
  const routes = new Set(api.routes);
  return [...routes]
    .filter((route) => !route.includes('/admin/queues'))
    .filter((route) => !(route.startsWith('HEAD ') && routes.has(`GET ${route.slice('HEAD '.length)}`)))
    .filter((route) => !route.startsWith('OPTIONS '));
}

describe('tenant isolation on every route', () => {
  let api: TestApi;
  let b: TestTenant;
  let a: OwnedByA;
  let db: pg.Pool;
  let redis: Redis;

  beforeAll(async () => {
    api = await startTestApi();
    db = new pg.Pool({ connectionString: api.config.DATABASE_URL, max: 2 });
    redis = new Redis(api.redisEnv.REDIS_URL ?? '');
    // Tenant A is `default` (the test API's key); B is made through the admin API.
    b = await api.createTenant('iso-b');
    a = { templateOnlyA: 'ISO_A', sharedCode: 'ISO_SHARED', suppressedPhone: '01030009999', notificationId: '', deadId: '', campaignId: '', webhookId: '' };
    for (const code of [a.templateOnlyA, a.sharedCode]) {
      expect((await api.request('POST', '/v1/templates', { body: { code, body: 'A의 #{name}' } })).status).toBe(201);
    }
    a.notificationId = (
      await api.request('POST', '/v1/notifications', { body: { to: '010-3000-1000', templateCode: a.templateOnlyA, variables: { name: 'a' } } })
    ).body.id;
    a.campaignId = (await api.request('POST', '/v1/campaigns', { body: { name: 'A', templateCode: a.templateOnlyA } })).body.id;
    expect((await api.request('POST', `/v1/campaigns/${a.campaignId}/recipients`, { body: [{ to: '010-3000-1001', variables: { name: 'r' } }] })).status).toBe(
      200,
    );
    expect((await api.request('POST', '/v1/suppressions', { body: { phone: a.suppressedPhone, reason: "A's" } })).status).toBe(201);
    a.webhookId = (await api.request('POST', '/v1/webhooks', { body: { url: A_WEBHOOK_URL, events: ['notification.delivered'] } })).body.id;
    a.deadId = uuidv7();
    await db.query(
      `insert into notifications (tenant_id, id, recipient, template_code, variables, text, status, last_code) values ('default', $1, '01030001002', $2, '{}', 'x', 'dead', 'E500')`,
      [a.deadId, a.templateOnlyA],
    );
  });
  afterAll(async () => {
    redis?.disconnect();
    await db?.end();
    await api?.close();
  });

  /** Everything A owns, as rows. */
  async function stateOfA(): Promise<unknown> {
    const tables = ['notifications', 'campaigns', 'templates', 'suppressions', 'idempotency_keys', 'api_keys', 'webhook_subscriptions'];
    const state: Record<string, unknown> = {};
    for (const table of tables) state[table] = (await db.query(`select * from ${table} where tenant_id = 'default' order by 1, 2`)).rows;
    state.history = (
      await db.query(`select e.* from notification_events e join notifications n on n.id = e.notification_id where n.tenant_id = 'default' order by e.id`)
    ).rows;
    state.recipients = (await db.query(`select * from campaign_recipients where campaign_id = $1 order by seq`, [a.campaignId])).rows;
    state.operatorSuppressions = (await db.query('select * from operator_suppressions')).rows;
    return state;
  }

  /**
   * Every Redis key of this API's prefix and its serialized value, but the rate-limit
   * buckets: B's own is spent by its calls, and A's expires by itself once full again.
   */
  async function redisState(): Promise<Record<string, string>> {
    const keys = (await redis.keys(`${api.config.QUEUE_PREFIX}*`)).filter((key) => !key.includes(':api-rate:')).sort();
    const state: Record<string, string> = {};
    for (const key of keys) state[key] = (await redis.dumpBuffer(key))?.toString('base64') ?? '';
    return state;
  }

  it('names every registered route', () => {
    const unlisted = appRoutes(api).filter((route) => !(route in ROUTES) && !OPERATOR_ROUTES.has(route));
    expect(unlisted).toEqual([]);
  });

  const tenantRoutes = Object.entries(ROUTES).filter((entry): entry is [string, Check] => entry[1] !== NOT_TENANT_OWNED);
  it.each(tenantRoutes)("%s: tenant B cannot see or change tenant A's things", async (_route, check) => {
    const [before, redisBefore] = [await stateOfA(), await redisState()];
    await check(b, a);
    expect(await stateOfA()).toEqual(before);
    expect(await redisState()).toEqual(redisBefore);
  });

  it("leaves A's things visible to A (the checks above looked at real rows)", async () => {
    expect((await api.request('GET', `/v1/notifications/${a.notificationId}`)).status).toBe(200);
    expect((await api.request('GET', `/v1/campaigns/${a.campaignId}`)).status).toBe(200);
    expect((await api.request('GET', `/v1/suppressions/${a.suppressedPhone}`)).status).toBe(200);
    expect((await api.request('GET', `/v1/templates/${a.templateOnlyA}`)).body.body).toBe('A의 #{name}');
    expect((await api.request('GET', `/v1/templates/${a.sharedCode}`)).body.body).toBe('A의 #{name}');
    expect((await b.request('GET', `/v1/templates/${a.sharedCode}`)).body.body).toBe('B의 #{name}');
    expect((await api.request('GET', '/v1/dlq')).body.items.map((item: { id: string }) => item.id)).toContain(a.deadId);
    expect((await api.request('GET', `/v1/webhooks/${a.webhookId}`)).status).toBe(200);
  });
});
