import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { ApiKeyRateLimiter, type RateDecision } from '../../../../libs/rate-limit/src/index.js';
import { producerOf } from './credential.js';

/**
 * Spends one request (a batch send: one per notification) from the calling tenant's
 * budget (its own rates, or the API's defaults; all its keys share it), so one noisy
 * producer cannot flood the queue for the others. Runs after CredentialGuard.
 * Answers carry the IETF draft's RateLimit-* headers; a refusal is a 429 with
 * Retry-After, before any pipe or handler runs, so it stores nothing.
 */
@Injectable()
export class TenantRateLimitGuard implements CanActivate {
  private readonly logger = new Logger('ApiKeyRateLimit');
  // Logged when the outage starts and ends, not once per request (that would flood the log).
  private failingOpen = false;

  constructor(@Inject(ApiKeyRateLimiter) private readonly limiter: ApiKeyRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const { tenant } = producerOf(http.getRequest<FastifyRequest>());
    let decision: RateDecision;
    try {
      const rates = { perSecond: tenant.apiRatePerSecond ?? undefined, burst: tenant.apiRateBurst ?? undefined };
      decision = await this.limiter.take(`tenant:${tenant.id}`, messagesIn(http.getRequest<FastifyRequest>()), rates);
    } catch (error) {
      // Fail open: with Redis down the API still stores messages durably (the reconciler
      // queues them later); refusing every producer would turn a Redis blip into an outage.
      if (!this.failingOpen) this.logger.warn(`rate limits not checked while Redis is unavailable: ${(error as Error).message}`);
      this.failingOpen = true;
      return true;
    }
    if (this.failingOpen) this.logger.log('rate limits checked again: Redis is back');
    this.failingOpen = false;
    const response = http.getResponse<FastifyReply>();
    response.header('RateLimit-Limit', String(decision.limit));
    response.header('RateLimit-Remaining', String(decision.remaining));
    response.header('RateLimit-Reset', String(decision.resetSeconds));
    if (decision.allowed) return true;
    response.header('Retry-After', String(decision.retryAfterSeconds));
    throw new ApiError(429, 'rate_limited', `tenant ${tenant.id}'s request budget is spent; retry after ${decision.retryAfterSeconds} s`);
  }
}

/**
 * What a request costs: one, or one per notification of a batch send. The body is
 * parsed but not yet validated here; an invalid batch is refused by its pipe after
 * it has paid, like any other bad request.
 */
function messagesIn(request: FastifyRequest): number {
  const notifications: unknown = (request.body as { notifications?: unknown } | undefined)?.notifications;
  return Array.isArray(notifications) ? notifications.length : 1;
}
