import { errorBodySchema } from './error-body.schema.js';
import { jsonSchemaOf, type JsonSchema } from './json-schema.js';
import type { RouteDoc } from './route-doc.js';
import { adminRoutes } from './routes/admin.docs.js';
import { campaignRoutes } from './routes/campaigns.docs.js';
import { messageRoutes } from './routes/messages.docs.js';
import { operationRoutes, suppressionRoutes } from './routes/operations.docs.js';
import { platformRoutes } from './routes/platform.docs.js';
import { webhookRoutes } from './routes/webhooks.docs.js';
import { toOperation } from './to-operation.js';

/** Every documented route; the OpenAPI test fails when the app serves one that is not here. */
export const ROUTE_DOCS: RouteDoc[] = [
  ...messageRoutes,
  ...campaignRoutes,
  ...suppressionRoutes,
  ...webhookRoutes,
  ...operationRoutes,
  ...adminRoutes,
  ...platformRoutes,
];

const DESCRIPTION = `Herald delivers Kakao AlimTalk notifications with SMS/LMS failback.

Producer routes (\`/v1\`) need \`Authorization: Bearer <producer key>\` (a tenant's key, \`hrd_live_…\`) and
see only their tenant's messages, campaigns, templates, opt-outs and dead letters; another tenant's id answers 404.
They are rate limited per tenant: every answer carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and
\`RateLimit-Reset\`; past the budget the answer is 429 \`rate_limited\` with \`Retry-After\`, and past the
tenant's daily quota 429 \`quota_exceeded\`. Operator routes (\`/v1/admin\`, the vendor budget) need an operator
key (\`hrd_op_…\`); a key of the other role gets 403 \`forbidden\`. Every error has the shape
\`{"error": {"code", "message", "field"?}}\`. Bull Board at \`/admin/queues\` (HTTP basic auth) is not part of this API.`;

const integerHeader = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });

const COMPONENTS: JsonSchema = {
  schemas: { Error: jsonSchemaOf(errorBodySchema) },
  securitySchemes: {
    producerKey: { type: 'http', scheme: 'bearer', description: "a tenant's producer key (hrd_live_…, or one of HERALD_API_KEYS for the tenant default)" },
    operatorKey: { type: 'http', scheme: 'bearer', description: 'an operator key (hrd_op_…, or one of HERALD_OPERATOR_KEYS)' },
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
    'RateLimit-Limit': integerHeader("the tenant's bucket size (its own, or API_RATE_LIMIT_BURST)"),
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
