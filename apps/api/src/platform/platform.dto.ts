import { z } from 'zod';

/** Liveness (libs/health LIVE): the process answers; nothing else is looked at. */
export const liveReportSchema = z.strictObject({ status: z.literal('ok') });

/** Readiness (libs/health HealthReport), the same shape whether it is 200 (`ok`) or 503 (`unavailable`). */
export const healthReportSchema = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.string()).describe('each dependency (postgres, redis, migrations): `up`, or `down: <why>`'),
});

/** The OpenAPI document itself: only its frame; the OpenAPI 3.1 specification describes the rest. */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
});
