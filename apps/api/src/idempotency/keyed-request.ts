import type { FastifyRequest } from 'fastify';

/**
 * What the Idempotency-Key interceptor tells a handler about its request: the key its
 * rows are stored under, and whether this run took the key over from a request whose
 * process died mid-request (its rows may be stored already: find them, do not store again).
 */
export interface KeyedRequest {
  /** `<tenant id>/<Idempotency-Key>`. */
  requestKey: string;
  resumesAbandoned: boolean;
}

const KEYED = Symbol('heraldKeyedRequest');

export function markKeyed(request: FastifyRequest, keyed: KeyedRequest): void {
  (request as FastifyRequest & { [KEYED]?: KeyedRequest })[KEYED] = keyed;
}

/** Undefined for a request without an Idempotency-Key. */
export function keyedRequestOf(request: FastifyRequest): KeyedRequest | undefined {
  return (request as FastifyRequest & { [KEYED]?: KeyedRequest })[KEYED];
}
