import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROUTE_DOCS } from '../../../apps/api/src/openapi/openapi-document.js';
import type { RouteDoc } from '../../../apps/api/src/openapi/route-doc.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

/**
 * Roles, route by route, from the OpenAPI document (whose own test holds it to the
 * routes the app registers): a producer key on an operator route gets 403 `forbidden`
 * naming the role, an operator key gets through; and the other way round.
 */

/** A route's path with its documented example parameters. */
const pathOf = (route: RouteDoc): string => route.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(route.params![name]!.example));
const bodyOf = (route: RouteDoc): unknown => route.body?.find((body) => (body.mediaType ?? 'application/json') === 'application/json')?.example;
const label = (route: RouteDoc): string => `${route.method.toUpperCase()} ${route.path}`;

const operatorRoutes = ROUTE_DOCS.filter((route) => route.auth === 'operatorKey');
const producerRoutes = ROUTE_DOCS.filter((route) => route.auth === 'producerKey');

describe('roles', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it('has operator routes to check: tenants, keys, dead letters, suppressions and the vendor budget', () => {
    const paths = new Set(operatorRoutes.map((route) => route.path));
    for (const path of [
      '/v1/admin/tenants',
      '/v1/admin/tenants/{id}/keys',
      '/v1/admin/dlq',
      '/v1/admin/dlq/redrive',
      '/v1/admin/suppressions',
      '/v1/vendor/rate-limit',
    ]) {
      expect(paths).toContain(path);
    }
  });

  it.each(operatorRoutes.map((route) => [label(route), route] as const))('%s: a producer key gets 403 naming the operator role', async (_label, route) => {
    const answer = await api.request(route.method.toUpperCase(), pathOf(route), { body: bodyOf(route) });
    expect([answer.status, answer.body]).toEqual([403, { error: { code: 'forbidden', message: 'this route needs an operator key', field: 'authorization' } }]);
  });

  it.each(operatorRoutes.map((route) => [label(route), route] as const))('%s: an operator key gets through', async (_label, route) => {
    const answer = await api.operator(route.method.toUpperCase(), pathOf(route), { body: bodyOf(route) });
    // The example may name a tenant or key that does not exist (404) or clash (409); it was let in.
    expect([401, 403, 429]).not.toContain(answer.status);
    expect(answer.status).toBeLessThan(500);
  });

  it.each(producerRoutes.map((route) => [label(route), route] as const))('%s: an operator key gets 403 naming the producer role', async (_label, route) => {
    const answer = await api.operator(route.method.toUpperCase(), pathOf(route), { body: bodyOf(route) });
    expect([answer.status, answer.body?.error?.code]).toEqual([403, 'forbidden']);
    expect(answer.body.error.message).toBe('this route needs a producer key');
  });

  it("lets an operator narrow dead letters and redrive to one tenant, and see every tenant's otherwise", async () => {
    const shop = await api.createTenant('roles-shop');
    await shop.request('POST', '/v1/templates', { body: { code: 'R', body: 'hi #{name}' } });
    const all = await api.operator('GET', '/v1/admin/dlq');
    expect(all.status).toBe(200);
    const narrowed = await api.operator('GET', '/v1/admin/dlq?tenantId=roles-shop');
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.items.every((item: { tenantId: string }) => item.tenantId === 'roles-shop')).toBe(true);
    const refused = await api.operator('POST', '/v1/admin/dlq/redrive', { body: {} });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await api.operator('POST', '/v1/admin/dlq/redrive', { body: { tenantId: 'roles-shop' } })).body).toEqual({ redriven: 0, more: false });
  });
});
