import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError } from './api-error.js';
import { errorResponse, UNAVAILABLE_RETRY_AFTER_SECONDS } from './error-response.js';

/** While a store stays down, one warning per this long rather than one per request. */
const UNAVAILABLE_LOG_EVERY_MS = 10_000;

/**
 * Renders every error, ours, Nest's or Fastify's, as `{error: {code, message, field?}}`.
 * A store that is down is a 503 with Retry-After (the client should retry), logged as
 * a warning now and then; a 500 is what we cannot name, and logs its stack: someone
 * should look.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  private lastUnavailableLogAt = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = errorResponse(exception);
    if (exception instanceof ApiError && exception.retryAfterSeconds !== undefined) response.header('Retry-After', String(exception.retryAfterSeconds));
    if (status === 503) {
      response.header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      if (Date.now() - this.lastUnavailableLogAt > UNAVAILABLE_LOG_EVERY_MS) {
        this.lastUnavailableLogAt = Date.now();
        this.logger.warn(`answering 503: ${body.error.message} (${exception instanceof Error ? exception.message : String(exception)})`);
      }
    } else if (status >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    response.status(status).send(body);
  }
}
