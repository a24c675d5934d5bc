import { errorBodySchema } from './error-body.schema.js';
import { jsonSchemaOf, type JsonSchema } from './json-schema.js';
import type { RouteDoc } from './route-doc.js';
import { campaignRoutes } from './routes/campaigns.docs.js';
import { messageRoutes } from './routes/messages.docs.js';
import { operationRoutes, suppressionRoutes } from './routes/operations.docs.js';
import { platformRoutes } from './routes/platform.docs.js';
import { toOperation } from './to-operation.js';

/** Every documented route; the OpenAPI test fails when the app serves one that is not here. */
export const ROUTE_DOCS: RouteDoc[] = [...messageRoutes, ...campaignRoutes, ...suppressionRoutes, ...operationRoutes, ...platformRoutes];

const DESCRIPTION = `Herald delivers Kakao AlimTalk notifications with SMS/LMS failback.

Producer routes (\`/v1\`) need \`Authorization: Bearer <API key>\` and are rate limited per key: every answer
carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`; past the budget the answer is
429 \`rate_limited\` with \`Retry-After\`. Every error has the shape \`{"error": {"code", "message", "field"?}}\`.
Operators use Bull Board at \`/admin/queues\` (HTTP basic auth), which is not part of this API.`;

const integerHeader = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });

const COMPONENTS: JsonSchema = {
  schemas: { Error: jsonSchemaOf(errorBodySchema) },
  securitySchemes: {
    apiKey: { type: 'http', scheme: 'bearer', description: 'a producer key from HERALD_API_KEYS' },
    reportSignature: {
      type: 'apiKey',
      in: 'header',
      name: 'x-signature',
      description: 'sha256=<hex HMAC-SHA256 of the raw body with REPORT_SECRET>',
    },
    metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
  },
  parameters: {
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'a retry with the same key and request gets the first answer (kept 24 h) instead of running again',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
      example: 'order-A-1001-shipped',
    },
    ReportSignature: {
      name: 'x-signature',
      in: 'header',
      required: true,
      schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
      example: 'sha256=3f5a0c1e9b7d2a4c6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c0d',
    },
  },
  headers: {
    'RateLimit-Limit': integerHeader("this API key's bucket size (API_RATE_LIMIT_BURST)"),
    'RateLimit-Remaining': integerHeader('requests left in the bucket now'),
    'RateLimit-Reset': integerHeader('seconds until the bucket is full again'),
    'Retry-After': integerHeader('seconds until the next request fits the budget'),
  },
};

/** The OpenAPI 3.1 document served at /docs-json, built from the schemas the controllers validate with. */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of ROUTE_DOCS) (paths[route.path] ??= {})[route.method] = toOperation(route);
  return {
    openapi: '3.1.0',
    info: { title: 'Herald', version: '1.0.0', description: DESCRIPTION },
    tags: [...new Set(ROUTE_DOCS.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: COMPONENTS,
  };
}
