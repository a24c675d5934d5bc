import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import pg from 'pg';
import { recipientSchema } from '../../../apps/api/src/campaigns/campaign.dto.js';
import { errorBodySchema } from '../../../apps/api/src/openapi/error-body.schema.js';
import { jsonSchemaOf } from '../../../apps/api/src/openapi/json-schema.js';
import { ROUTE_DOCS } from '../../../apps/api/src/openapi/openapi-document.js';
import type { RouteDoc } from '../../../apps/api/src/openapi/route-doc.js';
import type { JsonResponse } from '../../support/http.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

// Served by the app but not API: the UI's static files.
const NOT_DOCUMENTED = new Set(['GET /docs/assets/{file}']);
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

/** `METHOD /path/{param}` of every route Nest gave the running Fastify router (Bull Board is mounted before, and is not API). */
function registeredRoutes(api: TestApi): string[] {
  const routes = new Set(api.routes);
  return (
    [...routes]
      // Fastify adds a HEAD route for every GET route itself, as Express answered HEAD for any GET.
      .filter((route) => !(route.startsWith('HEAD ') && routes.has(`GET ${route.slice('HEAD '.length)}`)))
      .map((route) => route.replace(/:(\w+)/g, '{$1}'))
  );
}

function routeDoc(method: RouteDoc['method'], path: string): RouteDoc {
  const route = ROUTE_DOCS.find((doc) => doc.method === method && doc.path === path);
  if (!route) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  return route;
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  let document: any;

  let pool: pg.Pool;
  const markDead = (id: string) =>
    pool.query("update notifications set status = 'dead', attempts = 1, last_code = 'E106', last_error = 'invalid phone number' where id = $1", [id]);

  beforeAll(async () => {
    api = await startTestApi();
    pool = new pg.Pool({ connectionString: api.config.DATABASE_URL, max: 1 });
    const response = await fetch(`${api.url}/docs-json`);
    expect(response.status).toBe(200);
    document = await response.json();
  });
  afterAll(async () => {
    await pool.end();
    await api.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every route the app registers, and no route it does not', () => {
    const registered = registeredRoutes(api).filter((route) => !NOT_DOCUMENTED.has(route));
    const documented = Object.entries(document.paths).flatMap(([path, item]: [string, any]) =>
      METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(registered.length).toBeGreaterThan(20);
    expect(new Set(documented)).toEqual(new Set(registered));
  });

  it('gives every answer an example, and every error the one error shape', () => {
    for (const [path, item] of Object.entries<any>(document.paths)) {
      for (const method of METHODS.filter((name) => item[name])) {
        const operation = item[method];
        for (const [status, response] of Object.entries<any>(operation.responses)) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          if (status === '204') continue;
          const media = Object.values<any>(response.content ?? {});
          expect([where, media.length]).toEqual([where, 1]);
          if (Number(status) >= 400 && status !== '503') {
            const examples = Object.values<any>(media[0].examples ?? {});
            expect([where, examples.length > 0]).toEqual([where, true]);
            for (const example of examples) expect([where, errorBodySchema.safeParse(example.value).success]).toEqual([where, true]);
          } else {
            expect([where, media[0].example !== undefined]).toEqual([where, true]);
          }
        }
        const scheme = Object.keys(operation.security?.[0] ?? {})[0];
        if (scheme === 'producerKey' || scheme === 'operatorKey') {
          const route = `${method.toUpperCase()} ${path}`;
          expect([route, Object.keys(operation.responses)]).toEqual([route, expect.arrayContaining(['401', '403', '429'])]);
          expect(operation.responses['429'].headers['Retry-After']).toBeDefined();
        }
      }
    }
  });

  it('has request examples that pass the live zod schemas', () => {
    let checked = 0;
    for (const route of ROUTE_DOCS) {
      for (const body of route.body ?? []) {
        const mediaType = body.mediaType ?? 'application/json';
        const served = document.paths[route.path][route.method].requestBody.content[mediaType];
        expect(served.example).toEqual(body.example);
        const result = body.schema.safeParse(body.example);
        expect([route.operationId, mediaType, result.error?.issues]).toEqual([route.operationId, mediaType, undefined]);
        if (mediaType === 'application/x-ndjson') {
          for (const line of String(body.example).trim().split('\n')) expect(recipientSchema.safeParse(JSON.parse(line)).success).toBe(true);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('gives every answer with a body a schema, served with its example, and the example passes it', () => {
    let checked = 0;
    for (const route of ROUTE_DOCS) {
      for (const answer of [route.success, ...(route.otherAnswers ?? [])]) {
        const where = `${route.operationId} ${answer.status}`;
        const served = document.paths[route.path][route.method].responses[answer.status];
        if (!('schema' in answer)) {
          expect([where, answer.status, served.content]).toEqual([where, 204, undefined]);
          continue;
        }
        const media = served.content[answer.mediaType ?? 'application/json'];
        expect([where, media.schema]).toEqual([where, jsonSchemaOf(answer.schema)]);
        expect([where, media.example]).toEqual([where, answer.example]);
        const result = answer.schema.safeParse(answer.example);
        expect([where, result.error?.issues]).toEqual([where, undefined]);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(35);
  });

  describe('answers of the running API', () => {
    /** The documented request example of a route, sent as a new user would copy it. */
    const requestExample = (method: RouteDoc['method'], path: string) => routeDoc(method, path).body![0]!.example;

    /** The real answer has the route's documented status and passes its documented schema, as a generated client reads it. */
    function expectDocumented(method: RouteDoc['method'], path: string, response: JsonResponse): void {
      const success = routeDoc(method, path).success;
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, response.status, response.body]).toEqual([where, success.status, expect.anything()]);
      if (!('schema' in success)) throw new Error(`${where} documents no body`);
      const result = success.schema.safeParse(response.body);
      expect([where, result.error?.issues]).toEqual([where, undefined]);
    }

    it("are what a producer's routes document: templates, messages, campaigns and dead letters", async () => {
      expectDocumented('post', '/v1/templates', await api.request('POST', '/v1/templates', { body: requestExample('post', '/v1/templates') }));
      expectDocumented('get', '/v1/templates/{code}', await api.request('GET', '/v1/templates/ORDER_SHIPPED'));

      const sent = await api.request('POST', '/v1/notifications', { body: requestExample('post', '/v1/notifications') });
      expectDocumented('post', '/v1/notifications', sent);
      const batch = await api.request('POST', '/v1/notifications/batch', { body: requestExample('post', '/v1/notifications/batch') });
      expectDocumented('post', '/v1/notifications/batch', batch);
      expectDocumented('get', '/v1/notifications/{id}', await api.request('GET', `/v1/notifications/${sent.body.id}`));

      const campaign = await api.request('POST', '/v1/campaigns', { body: requestExample('post', '/v1/campaigns') });
      expectDocumented('post', '/v1/campaigns', campaign);
      const recipients = [{ to: '010-1234-5678', variables: { name: '김철수' } }, { to: 'not a phone' }];
      expectDocumented(
        'post',
        '/v1/campaigns/{id}/recipients',
        await api.request('POST', `/v1/campaigns/${campaign.body.id}/recipients`, { body: recipients }),
      );
      expectDocumented('get', '/v1/campaigns/{id}', await api.request('GET', `/v1/campaigns/${campaign.body.id}`));

      expectDocumented('post', '/v1/suppressions', await api.request('POST', '/v1/suppressions', { body: requestExample('post', '/v1/suppressions') }));
      expectDocumented('get', '/v1/suppressions', await api.request('GET', '/v1/suppressions'));

      // No worker runs here: the message is made dead as a worker would leave it, so the page has an item to check.
      await markDead(sent.body.id);
      const dead = await api.request('GET', '/v1/dlq');
      expect(dead.body.items).toHaveLength(1);
      expectDocumented('get', '/v1/dlq', dead);
    });

    it("are what the operators' and the platform's routes document: vendor budget, tenants, keys, probes", async () => {
      expectDocumented('get', '/v1/vendor/rate-limit', await api.operator('GET', '/v1/vendor/rate-limit'));
      const tenant = await api.operator('POST', '/v1/admin/tenants', { body: requestExample('post', '/v1/admin/tenants') });
      expectDocumented('post', '/v1/admin/tenants', tenant);
      expectDocumented('get', '/v1/admin/tenants', await api.operator('GET', '/v1/admin/tenants'));
      const key = await api.operator('POST', `/v1/admin/tenants/${tenant.body.id}/keys`, { body: requestExample('post', '/v1/admin/tenants/{id}/keys') });
      expectDocumented('post', '/v1/admin/tenants/{id}/keys', key);
      expectDocumented('get', '/v1/admin/tenants/{id}/keys', await api.operator('GET', `/v1/admin/tenants/${tenant.body.id}/keys`));

      expectDocumented('get', '/health/live', await api.request('GET', '/health/live'));
      expectDocumented('get', '/health/ready', await api.request('GET', '/health/ready'));
      expectDocumented('get', '/docs-json', await api.request('GET', '/docs-json'));
    });
  });

  it('has examples the running API accepts: the documented template, then the documented message', async () => {
    const operation = (path: string, method: string) => document.paths[path][method].requestBody.content['application/json'].example;
    const template = await api.request('POST', '/v1/templates', { body: operation('/v1/templates', 'post') });
    expect(template.status).toBe(201);
    const sent = await api.request('POST', '/v1/notifications', { body: operation('/v1/notifications', 'post') });
    expect(sent.status).toBe(202);
    expect(Object.keys(sent.body).sort()).toEqual(
      Object.keys(document.paths['/v1/notifications'].post.responses['202'].content['application/json'].example).sort(),
    );
  });

  it('serves Swagger UI at /docs with its assets', async () => {
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    for (const asset of ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css']) {
      expect(html).toContain(asset);
      const response = await fetch(`${api.url}${asset}`);
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    const missing = await api.request('GET', '/docs/assets/package.json');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
