import { error, type AnswerDoc, type ErrorDoc, type NoContentDoc, type RouteDoc } from './route-doc.js';
import { jsonSchemaOf, type JsonSchema } from './json-schema.js';

const SECURITY: Record<RouteDoc['auth'], Array<Record<string, string[]>>> = {
  producerKey: [{ producerKey: [] }],
  operatorKey: [{ operatorKey: [] }],
  reportSignature: [{ reportSignature: [] }],
  metricsToken: [{ metricsToken: [] }],
  basicAuth: [{ basicAuth: [] }],
  none: [],
};

/** Errors a route meets because of who may call it. */
const AUTH_ERRORS: Record<RouteDoc['auth'], ErrorDoc[]> = {
  producerKey: [
    error(401, 'unauthorized', 'invalid API key', 'authorization'),
    error(403, 'forbidden', 'this route needs a producer key', 'authorization'),
    error(403, 'tenant_suspended', 'tenant shop is suspended'),
    error(429, 'rate_limited', "tenant shop's request budget is spent; retry after 1 s"),
    error(429, 'too_many_failures', 'too many requests with a wrong key from this address; retry after 1 s'),
  ],
  operatorKey: [
    error(401, 'unauthorized', 'invalid API key', 'authorization'),
    error(403, 'forbidden', 'this route needs an operator key', 'authorization'),
    error(429, 'too_many_failures', 'too many requests with a wrong key from this address; retry after 1 s'),
  ],
  reportSignature: [error(401, 'bad_signature', 'missing or invalid x-signature header', 'x-signature')],
  metricsToken: [
    error(401, 'unauthorized', 'wrong metrics token', 'authorization'),
    error(404, 'not_found', 'metrics are off: set METRICS_TOKEN to serve them'),
  ],
  basicAuth: [],
  none: [],
};

const BODY_TOO_LARGE = error(413, 'payload_too_large', 'request body is larger than the limit');
const IDEMPOTENCY_ERRORS = [
  error(400, 'validation_failed', 'must be 1 to 200 printable ASCII characters', 'idempotency-key'),
  error(409, 'idempotency_key_in_flight', 'a request with this Idempotency-Key is still running; retry shortly'),
  error(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request; use a new key'),
];

const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimit-Limit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimit-Remaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimit-Reset' },
};

/** The OpenAPI operation object of one documented route. */
export function toOperation(route: RouteDoc): JsonSchema {
  const limited = route.auth === 'producerKey';
  const errors = [...(route.errors ?? []), ...AUTH_ERRORS[route.auth]];
  if (route.body?.some((body) => (body.mediaType ?? 'application/json') === 'application/json')) errors.push(BODY_TOO_LARGE);
  if (route.idempotent) errors.push(...IDEMPOTENCY_ERRORS);
  const responses: JsonSchema = {
    [route.success.status]: answer(route.success, limited ? RATE_LIMIT_HEADERS : undefined),
    ...errorResponses(errors),
  };
  for (const other of route.otherAnswers ?? []) responses[other.status] = answer(other);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    security: SECURITY[route.auth],
    parameters: parameters(route),
    ...(route.body ? { requestBody: requestBody(route) } : {}),
    responses,
  };
}

function parameters(route: RouteDoc): JsonSchema[] {
  const path = Object.entries(route.params ?? {}).map(([name, param]) => ({
    name,
    in: 'path',
    required: true,
    schema: jsonSchemaOf(param.schema),
    example: param.example,
  }));
  const query = route.query ? queryParameters(jsonSchemaOf(route.query)) : [];
  const idempotency = route.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : [];
  const signature = route.auth === 'reportSignature' ? [{ $ref: '#/components/parameters/ReportSignature' }] : [];
  return [...path, ...query, ...idempotency, ...signature];
}

function queryParameters(schema: JsonSchema): JsonSchema[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: property }));
}

function requestBody(route: RouteDoc): JsonSchema {
  const content: JsonSchema = {};
  for (const body of route.body ?? []) {
    // A media type object has no description of its own; its schema does.
    const schema = { ...jsonSchemaOf(body.schema), ...(body.description ? { description: body.description } : {}) };
    content[body.mediaType ?? 'application/json'] = { schema, example: body.example };
  }
  return { required: true, content };
}

/** A response with its body's schema (what generated clients type `data` with) and example; none for a 204. */
function answer(doc: AnswerDoc | NoContentDoc, headers?: JsonSchema): JsonSchema {
  return {
    description: doc.description,
    ...(headers ? { headers } : {}),
    ...('schema' in doc ? { content: { [doc.mediaType ?? 'application/json']: { schema: jsonSchemaOf(doc.schema), example: doc.example } } } : {}),
  };
}

/** One response per status; several errors of one status become named examples. */
function errorResponses(errors: ErrorDoc[]): JsonSchema {
  const byStatus = new Map<number, ErrorDoc[]>();
  for (const doc of errors) byStatus.set(doc.status, [...(byStatus.get(doc.status) ?? []), doc]);
  const responses: JsonSchema = {};
  for (const [status, docs] of byStatus) {
    const examples = Object.fromEntries(
      docs.map((doc, index) => [
        `${doc.code}${docs.filter((other) => other.code === doc.code).length > 1 ? `_${index}` : ''}`,
        {
          summary: doc.message,
          value: { error: { code: doc.code, message: doc.message, ...(doc.field ? { field: doc.field } : {}) } },
        },
      ]),
    );
    // 401 is answered before the budget is looked at, so only 429 carries the rate headers.
    const headers = status === 429 ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' }, ...RATE_LIMIT_HEADERS } : undefined;
    responses[status] = {
      description: [...new Set(docs.map((doc) => doc.code))].join(', '),
      ...(headers ? { headers } : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, examples } },
    };
  }
  return responses;
}
