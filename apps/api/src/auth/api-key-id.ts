import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** What ApiKeyGuard leaves on a request it lets through. */
type WithApiKeyId = FastifyRequest & { apiKeyId?: string };

/**
 * A stable name for an API key, for scoping data by producer (idempotency keys):
 * the first 16 hex digits of its SHA-256. The key itself is a credential and is
 * never stored; this prefix cannot be used to authenticate.
 */
export function apiKeyIdFor(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function setApiKeyId(request: FastifyRequest, apiKeyId: string): void {
  (request as WithApiKeyId).apiKeyId = apiKeyId;
}

/** The id ApiKeyGuard set, or undefined on a route it does not guard. */
export function apiKeyIdOf(request: FastifyRequest): string | undefined {
  return (request as WithApiKeyId).apiKeyId;
}
