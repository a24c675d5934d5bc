import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { recipientSchema } from '../../../apps/api/src/campaigns/campaign.dto.js';
import { errorBodySchema } from '../../../apps/api/src/openapi/error-body.schema.js';
import { ROUTE_DOCS } from '../../../apps/api/src/openapi/openapi-document.js';
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

describe('the OpenAPI document', () => {
  let api: TestApi;
  let document: any;

  beforeAll(async () => {
    api = await startTestApi();
    const response = await fetch(`${api.url}/docs-json`);
    expect(response.status).toBe(200);
    document = await response.json();
  });
  afterAll(() => api.close());

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
        if (operation.security?.[0]?.apiKey) {
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '429']));
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
