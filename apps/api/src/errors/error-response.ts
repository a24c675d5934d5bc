import { HttpException } from '@nestjs/common';
import { unavailableDependency } from '../../../../libs/common/src/index.js';
import type { ErrorBody } from './api-error.js';

// Errors raised while a request is read (raw-body, Fastify) carry a status and may carry a type;
// Nest hands most of them over as HttpExceptions already.
interface MiddlewareError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

/** How long a client is asked to wait when a store is down: a restart or a failover takes seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/**
 * The status and `{error: {code, message, field?}}` body any thrown value is answered
 * with. Shared by the exception filter, which sends it, and the idempotency
 * interceptor, which stores it, so a replayed error is the error that was sent.
 */
export function errorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const payload = exception.getResponse();
    if (typeof payload === 'object' && payload !== null && 'error' in payload && typeof payload.error === 'object') {
      return { status, body: payload as ErrorBody };
    }
    return { status, body: { error: { code: CODES[status] ?? 'error', message: exception.message } } };
  }
  const middleware = exception as MiddlewareError;
  const status = middleware.status ?? middleware.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = middleware.type === 'entity.too.large' ? 'request body is larger than the limit' : (middleware.message ?? 'bad request');
    return { status, body: { error: { code: CODES[status] ?? 'bad_request', message } } };
  }
  const dependency = unavailableDependency(exception);
  if (dependency) {
    const store = dependency === 'store' ? 'a store Herald depends on' : dependency === 'postgres' ? 'Postgres' : 'Redis';
    return { status: 503, body: { error: { code: 'unavailable', message: `${store} is unavailable; retry later` } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
}
