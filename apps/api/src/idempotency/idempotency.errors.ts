import { ApiError } from '../errors/api-error.js';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key.header.js';

/** The key already names a different request: a producer bug, retrying will not help. */
export const idempotencyKeyReused = (): ApiError =>
  new ApiError(
    422,
    'idempotency_key_reused',
    'this Idempotency-Key was used with a different request (method, path or body); use a new key for a new request',
    IDEMPOTENCY_KEY_HEADER,
  );

/** The first request with this key has not answered yet: retry shortly to get its answer. */
export const idempotencyKeyInFlight = (): ApiError =>
  new ApiError(409, 'idempotency_key_in_flight', 'a request with this Idempotency-Key is still being processed; retry shortly', IDEMPOTENCY_KEY_HEADER);
