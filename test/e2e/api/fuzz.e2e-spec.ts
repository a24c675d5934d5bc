import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { signReportBody } from '../../../libs/vendor/src/index.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

/** Seeded and bounded for CI; a release check runs longer: HERALD_FUZZ_RUNS=20000 (and another HERALD_FUZZ_SEED). */
const RUNS = Number(process.env.HERALD_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.HERALD_FUZZ_SEED ?? 20261204);

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  additionalProperties?: Schema | boolean;
}

interface Operation {
  method: string;
  path: string;
  body?: Schema;
}

/** Text that has broken servers before: NUL, lone surrogates, far dates, huge and odd numbers as text. */
const NASTY_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '😀',
  '0000-01-01T00:00:00Z',
  '8067-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9'.repeat(400),
  'x'.repeat(5000),
  '010-1234-5678',
  'FUZZ',
  '#{name}',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  "'; drop table notifications; --",
];
const NASTY_NUMBERS = [0, -1, 1, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, 0.5, Number.MAX_SAFE_INTEGER];

/** Every byte of the UTF-8 form percent-encoded (encodeURIComponent throws on a lone surrogate; a client may still send one). */
const percentEncoded = (value: string): string => [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const nastyString = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...NASTY_STRINGS));

/** Values shaped by the schema, mostly, with anything else mixed in: the edge must refuse what does not fit. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const anything = fc.jsonValue({ maxDepth: 2 });
  if (!schema || depth > 4) return anything;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => valueFor(alternative, depth + 1)), anything);
  if (schema.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: nastyString });
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const typed: fc.Arbitrary<unknown> =
    type === 'object' || schema.properties
      ? fc.record(Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, valueFor(property, depth + 1)])), {
          requiredKeys: [],
        })
      : type === 'array'
        ? fc.array(valueFor(schema.items, depth + 1), { maxLength: 3 })
        : type === 'string'
          ? nastyString
          : type === 'integer' || type === 'number'
            ? fc.oneof(fc.integer(), fc.double(), fc.constantFrom(...NASTY_NUMBERS))
            : type === 'boolean'
              ? fc.boolean()
              : anything;
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: anything });
}

/**
 * Requests generated from the OpenAPI document against every route (DESIGN.md,
 * invariant 9): no answer is a 5xx, every refusal uses the one error shape, and a
 * refused request changes nothing.
 */
describe('requests generated from the OpenAPI document', () => {
  let api: TestApi;
  let db: pg.Client;
  let operations: Operation[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    db = new pg.Client({ connectionString: api.config.DATABASE_URL });
    await db.connect();
    expect((await api.request('POST', '/v1/templates', { body: { code: 'FUZZ', body: '#{name}님 안녕하세요', failbackBody: '#{name}님' } })).status).toBe(201);
    const document = (await api.request('GET', '/docs-json')).body as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
    };
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, body: operation.requestBody?.content['application/json']?.schema })),
    );
  });
  afterAll(async () => {
    await db.end();
    await api.close();
  });

  /** Rows a refused request must not have touched. */
  async function fingerprint(): Promise<string> {
    const { rows } = await db.query(`
      select (select count(*) from notifications) as n, (select max(updated_at) from notifications) as nu,
             (select count(*) from templates) as t, (select count(*) from campaigns) as c, (select max(updated_at) from campaigns) as cu,
             (select count(*) from suppressions) as s, (select count(*) from campaign_recipients) as r`);
    return JSON.stringify(rows[0]);
  }

  it('answers no request with a 5xx, always in the one error shape, and a refused one changes nothing', async () => {
    expect(operations.length).toBeGreaterThan(10);
    const seen = new Map<string, number>();
    const request = fc.integer({ min: 0, max: operations.length - 1 }).chain((index) => {
      const operation = operations[index]!;
      return fc.record({
        operation: fc.constant(operation),
        params: fc.array(fc.oneof(fc.uuid(), nastyString), { minLength: 3, maxLength: 3 }),
        body: valueFor(operation.body),
        query: fc.dictionary(fc.constantFrom('limit', 'cursor', 'since', 'until', 'code', 'templateCode', 'campaignId', 'x'), nastyString, { maxKeys: 3 }),
        asText: fc.integer({ min: 0, max: 9 }).map((roll) => roll === 0),
      });
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ operation, params, body, query, asText }) => {
        let index = 0;
        const path = operation.path.replace(/\{[^}]+\}/g, () => percentEncoded(params[index++ % params.length]!));
        const search = new URLSearchParams(query).toString();
        const raw = JSON.stringify(body ?? {});
        const headers: Record<string, string> = { 'content-type': asText ? 'text/plain' : 'application/json' };
        if (operation.path === '/v1/vendor/reports')
          Object.assign(headers, { 'x-signature': signReportBody(api.config.REPORT_SECRET, raw), authorization: '' });
        const before = await fingerprint();
        const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
        const response = await api.request(operation.method, `${path}${search ? `?${search}` : ''}`, {
          ...(hasBody ? { rawBody: raw } : {}),
          headers: hasBody ? headers : {},
        });
        seen.set(String(response.status), (seen.get(String(response.status)) ?? 0) + 1);
        expect([operation.method, path, response.status < 500]).toEqual([operation.method, path, true]);
        if (response.status >= 400 && !operation.path.startsWith('/admin')) {
          expect(response.body?.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
          expect(await fingerprint()).toBe(before);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`fuzzed ${RUNS} requests (seed ${SEED}) over ${operations.length} operations: ${JSON.stringify(Object.fromEntries(seen))}`);
  }, 300_000);
});
