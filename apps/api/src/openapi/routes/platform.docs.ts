import { z } from 'zod';
import { healthReportSchema, liveReportSchema, openApiDocumentSchema } from '../../platform/platform.dto.js';
import type { RouteDoc } from '../route-doc.js';

const ready = { status: 'ok', checks: { postgres: 'up', redis: 'up', migrations: 'up' } };
const notReady = { status: 'unavailable', checks: { postgres: 'up', redis: 'down: redis: no answer within 2000 ms', migrations: 'up' } };

function readiness(path: string, operationId: string, summary: string): RouteDoc {
  return {
    method: 'get',
    path,
    operationId,
    tag: 'health',
    summary,
    auth: 'none',
    success: { status: 200, description: 'Postgres and Redis answer and every migration is applied', schema: healthReportSchema, example: ready },
    // Not the error shape: a probe's answer names each dependency, for people and orchestrators alike.
    otherAnswers: [{ status: 503, description: 'not ready: names what is down', schema: healthReportSchema, example: notReady }],
  };
}

/** Routes for orchestrators, Prometheus and people, not producers: none is limited by API key. */
export const platformRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/health/live',
    operationId: 'liveness',
    tag: 'health',
    summary: 'Liveness: 200 while the process answers (checks no dependency)',
    auth: 'none',
    success: { status: 200, description: 'alive', schema: liveReportSchema, example: { status: 'ok' } },
  },
  readiness('/health/ready', 'readiness', 'Readiness: Postgres, Redis and migrations'),
  readiness('/health', 'health', 'The readiness probe under its earlier name'),
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'operations',
    summary: 'Prometheus metrics (what each means: README, Operating Herald)',
    auth: 'metricsToken',
    success: {
      status: 200,
      description: 'Prometheus text exposition format',
      mediaType: 'text/plain',
      schema: z.string(),
      example: '# HELP herald_dlq_size Dead letters waiting for an operator\n# TYPE herald_dlq_size gauge\nherald_dlq_size 0\n',
    },
  },
  {
    method: 'get',
    path: '/docs-json',
    operationId: 'openApiDocument',
    tag: 'docs',
    summary: 'This OpenAPI document',
    auth: 'none',
    success: {
      status: 200,
      description: 'OpenAPI 3.1',
      schema: openApiDocumentSchema,
      example: { openapi: '3.1.0', info: { title: 'Herald', version: '1.0.0' } },
    },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'openApiUi',
    tag: 'docs',
    summary: 'Swagger UI over this document',
    auth: 'none',
    success: { status: 200, description: 'an HTML page', mediaType: 'text/html', schema: z.string(), example: '<!doctype html>…' },
  },
];
