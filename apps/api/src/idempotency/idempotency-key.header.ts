import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

// Printable ASCII (space to tilde): what a producer's UUID, hash or composite id is made of.
const VALID_KEY = /^[\x20-\x7e]{1,200}$/;

/** The request's Idempotency-Key; undefined without the header, 400 when it is malformed. */
export function readIdempotencyKey(request: FastifyRequest): string | undefined {
  const value = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !VALID_KEY.test(value)) {
    throw ApiError.validation(IDEMPOTENCY_KEY_HEADER, 'must be 1 to 200 printable ASCII characters');
  }
  return value;
}
