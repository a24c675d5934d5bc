import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { ApiError } from '../errors/api-error.js';
import { apiKeyIdFor, setApiKeyId } from './api-key-id.js';
import { bearerTokenOf, digest } from './bearer-token.js';

/**
 * Producers authenticate with `Authorization: Bearer <key>`, keys from HERALD_API_KEYS.
 * A request let through carries its key's id (`apiKeyIdOf(request)`), never the key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  // Digests have equal length, so comparing them in constant time is possible.
  private readonly keyDigests: Buffer[];

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.keyDigests = config.HERALD_API_KEYS.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = bearerTokenOf(request, 'api key');
    const given = digest(key);
    // Check every key, so timing does not tell which one nearly matched.
    const matches = this.keyDigests.map((expected) => timingSafeEqual(expected, given));
    if (!matches.includes(true)) throw new ApiError(401, 'unauthorized', 'unknown API key', 'authorization');
    setApiKeyId(request, apiKeyIdFor(key));
    return true;
  }
}
