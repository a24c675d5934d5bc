import type { z } from 'zod';

/** Who may call a route, which decides the security scheme and the errors every caller may meet. */
export type RouteAuth = 'producerKey' | 'operatorKey' | 'reportSignature' | 'metricsToken' | 'basicAuth' | 'none';

/** One documented error: the status and the `{error: {code, message, field?}}` body it carries. */
export interface ErrorDoc {
  status: number;
  code: string;
  message: string;
  field?: string;
}

export interface BodyDoc {
  /** Default application/json. */
  mediaType?: string;
  /** The live validator: its JSON Schema is what is documented, and the example must pass it. */
  schema: z.ZodType;
  example: unknown;
  description?: string;
}

/** An answer with a body. */
export interface AnswerDoc {
  status: number;
  description: string;
  /** Default application/json. */
  mediaType?: string;
  /**
   * From the area's dto file, beside the request schemas. Its input side is documented:
   * the JSON a client reads, times as ISO strings (isoTime); its output is what the code
   * returns. Generated clients are typed from it, and the example must pass it.
   */
  schema: z.ZodType;
  example: unknown;
}

/** A success without a body. */
export interface NoContentDoc {
  status: 204;
  description: string;
}

/**
 * A route as documented: request parts are the zod schemas the controllers validate
 * with, answers the schemas their code is typed with (one source of truth), each with
 * an example. Turned into an OpenAPI operation by `toOperation`.
 */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template (`/v1/templates/{code}`). */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  auth: RouteAuth;
  params?: Record<string, { schema: z.ZodType; example: string }>;
  query?: z.ZodObject;
  body?: BodyDoc[];
  /** Honours Idempotency-Key (and so may answer its errors). */
  idempotent?: boolean;
  success: AnswerDoc | NoContentDoc;
  /** Answers that are neither the success nor an error of the common shape (a probe's 503). */
  otherAnswers?: AnswerDoc[];
  /** Errors of this route besides those its auth, body and Idempotency-Key bring. */
  errors?: ErrorDoc[];
}

export const error = (status: number, code: string, message: string, field?: string): ErrorDoc => ({
  status,
  code,
  message,
  ...(field ? { field } : {}),
});

export const EXAMPLE_NOTIFICATION_ID = '01968f7e-3c2a-7b4d-9e1f-2a3b4c5d6e7f';
export const EXAMPLE_CAMPAIGN_ID = '01968f80-1d2e-7f3a-8b4c-5d6e7f8a9b0c';
export const EXAMPLE_TIME = '2026-05-01T09:30:00.000Z';
