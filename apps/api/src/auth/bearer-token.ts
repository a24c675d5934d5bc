import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';

/** SHA-256 of a secret: equal lengths, so two can be compared in constant time. */
export const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The token of `Authorization: Bearer <token>`; 401 naming what was expected otherwise. */
export function bearerTokenOf(request: FastifyRequest, what: string): string {
  const header = request.headers.authorization;
  if (!header) throw new ApiError(401, 'unauthorized', `missing Authorization: Bearer <${what}>`, 'authorization');
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw new ApiError(401, 'unauthorized', `expected Authorization: Bearer <${what}>`, 'authorization');
  }
  return token;
}
