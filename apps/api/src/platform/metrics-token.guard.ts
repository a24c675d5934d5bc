import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { ApiError } from '../errors/api-error.js';
import { bearerTokenOf, digest } from '../auth/bearer-token.js';

/**
 * GET /metrics sits on the API's public port (producers and the vendor's callbacks
 * reach it), so it is not open: Prometheus sends `Authorization: Bearer METRICS_TOKEN`
 * (its `authorization` scrape setting). Without METRICS_TOKEN the route is off (404).
 * Producer keys do not open it, and the token opens nothing else.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.expected = config.METRICS_TOKEN === undefined ? undefined : digest(config.METRICS_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new ApiError(404, 'not_found', 'metrics are off: set METRICS_TOKEN to serve them');
    const token = bearerTokenOf(context.switchToHttp().getRequest<FastifyRequest>(), 'metrics token');
    if (!timingSafeEqual(digest(token), this.expected)) throw new ApiError(401, 'unauthorized', 'wrong metrics token', 'authorization');
    return true;
  }
}
