import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import { IdempotencyRepository, type ClaimToken, type IdempotencyClaim, type StoredResponse } from '../../../../libs/db/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { errorResponse } from '../errors/error-response.js';
import { producerOf } from '../auth/credential.js';
import { readIdempotencyKey, REPLAYED_HEADER } from './idempotency-key.header.js';
import { idempotencyKeyInFlight, idempotencyKeyReused } from './idempotency.errors.js';
import { markKeyed } from './keyed-request.js';
import { requestHash } from './request-hash.js';

/** How long a key and its answer are kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// A round ends in a decision unless the row changes hands between its statements
// (released after a 5xx, expired); after a few such races the client is told to retry.
const CLAIM_ROUNDS = 3;

// The URL's path without its query, as Express's `req.path` was: keys stored before the move to Fastify still match.
const pathOf = (url: string): string => url.split('?', 1)[0]!;

type Outcome = { token: ClaimToken; resumesAbandoned: boolean } | { replay: StoredResponse };

/**
 * Honours `Idempotency-Key` on a creating POST: the first request with a key runs
 * and its answer (2xx or 4xx) is kept for IDEMPOTENCY_TTL_MS; a retry with the same
 * method, path and body gets that answer again, marked `Idempotent-Replayed: true`,
 * without running the handler. Keys are scoped to the tenant (a retry with a rotated
 * key's replacement is still a retry), so the route needs ProducerAuth (guards run
 * before interceptors). No header: the handler runs as usual.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    const key = readIdempotencyKey(request);
    if (key === undefined) return next.handle();
    const tenantId = producerOf(request).tenant.id;
    const claim: IdempotencyClaim = {
      tenantId,
      key,
      requestHash: requestHash(request.method, pathOf(request.url), request.body),
      ttlMs: IDEMPOTENCY_TTL_MS,
    };
    const outcome = await this.claimOrFind(claim);
    if ('replay' in outcome) {
      response.status(outcome.replay.status).header(REPLAYED_HEADER, 'true');
      return of(outcome.replay.body);
    }
    markKeyed(request, { requestKey: `${tenantId}/${key}`, resumesAbandoned: outcome.resumesAbandoned });
    return from(this.runClaimed(claim, outcome.token, next, response));
  }

  /**
   * Claims the key or finds what a retry of it gets. The claim is one INSERT … ON
   * CONFLICT DO NOTHING, so of concurrent requests (in any number of processes)
   * exactly one runs; reading first and inserting after would let two through.
   */
  private async claimOrFind(claim: IdempotencyClaim): Promise<Outcome> {
    for (let round = 0; round < CLAIM_ROUNDS; round += 1) {
      const token = await this.keys.claim(claim);
      if (token !== undefined) return { token, resumesAbandoned: false };
      // takeOver is a no-op UPDATE unless the row is expired or abandoned.
      const takeOver = await this.keys.takeOver(claim, this.config.IDEMPOTENCY_ABANDONED_AFTER_MS);
      if (takeOver) return { token: takeOver.token, resumesAbandoned: takeOver.abandoned };
      const existing = await this.keys.findLive(claim.tenantId, claim.key);
      if (!existing) continue;
      if (existing.requestHash !== claim.requestHash) throw idempotencyKeyReused();
      if (existing.state !== 'done' || existing.responseStatus === null) throw idempotencyKeyInFlight();
      return { replay: { status: existing.responseStatus, body: existing.responseBody } };
    }
    throw idempotencyKeyInFlight();
  }

  /**
   * Runs the handler as the key's owner, then records its outcome. Awaited here
   * rather than chained onto the response stream, so that the outcome is recorded
   * even if that stream is unsubscribed (client gone); otherwise the key would stay
   * in flight until it looked abandoned and the request could run twice.
   */
  private async runClaimed(claim: IdempotencyClaim, token: ClaimToken, next: CallHandler, response: FastifyReply): Promise<unknown> {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      // The exact status and body the exception filter is about to send.
      await this.settle(claim, token, errorResponse(error));
      throw error;
    }
    // Nest sets the @HttpCode status on the response before interceptors run.
    await this.settle(claim, token, { status: response.statusCode, body });
    return body;
  }

  /** 2xx and 4xx answers are final and kept; a 5xx or 429 (a quota that refills) releases the key so that a retry can succeed. */
  private async settle(claim: IdempotencyClaim, token: ClaimToken, answer: StoredResponse): Promise<void> {
    const name = `${claim.tenantId}/${claim.key}`;
    try {
      const owned =
        answer.status >= 500 || answer.status === 429
          ? await this.keys.release(claim.tenantId, claim.key, token)
          : await this.keys.complete(claim.tenantId, claim.key, token, answer);
      if (!owned) this.logger.warn(`idempotency key ${name} was taken over while its first request ran; that answer is not kept`);
    } catch (error) {
      // The request's own answer stands; the key stays in flight until it counts as abandoned.
      this.logger.error(`could not record the outcome for idempotency key ${name}: ${(error as Error).message}`);
    }
  }
}
