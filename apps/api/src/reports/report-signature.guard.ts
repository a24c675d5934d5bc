import { Inject, Injectable, type CanActivate, type ExecutionContext, type RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { isValidReportSignature, SIGNATURE_HEADER } from '../../../../libs/vendor/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { ApiError } from '../errors/api-error.js';

/** The vendor signs each report callback with HMAC-SHA256 over the raw body (REPORT_SECRET). */
@Injectable()
export class ReportSignatureGuard implements CanActivate {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RawBodyRequest<FastifyRequest>>();
    const signature = request.headers[SIGNATURE_HEADER];
    const header = Array.isArray(signature) ? signature[0] : signature;
    if (!request.rawBody || !isValidReportSignature(this.config.REPORT_SECRET, request.rawBody, header)) {
      throw new ApiError(401, 'bad_signature', `missing or invalid ${SIGNATURE_HEADER} header`, SIGNATURE_HEADER);
    }
    return true;
  }
}
