import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { CredentialRole } from '../../../../libs/domain/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { ApiError } from '../errors/api-error.js';
import { AuthFailureThrottle } from './auth-failure-throttle.js';
import { bearerTokenOf } from './bearer-token.js';
import { CredentialCache } from './credential-cache.js';
import { setCredential } from './credential.js';
import { secretHashOf } from './key-material.js';
import { KeyUseRecorder } from './key-use-recorder.js';

/** The role a route needs, set by ProducerAuth() and OperatorAuth(). */
export const REQUIRED_ROLE = 'heraldRequiredRole';

/**
 * Authenticates `Authorization: Bearer <key>` against api_keys (through the cache) and
 * checks the key's role against the route's. An unknown, malformed, revoked or expired
 * key all get the same 401, so a key cannot be probed; an address that keeps failing
 * gets 429 before its next key is looked up. A request let through carries its
 * credential (`credentialOf(request)`), never the key.
 */
@Injectable()
export class CredentialGuard implements CanActivate {
  private readonly failures: AuthFailureThrottle;

  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialCache,
    private readonly keyUse: KeyUseRecorder,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.failures = new AuthFailureThrottle({ perSecond: config.AUTH_FAILURES_PER_SECOND, burst: config.AUTH_FAILURE_BURST });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<CredentialRole>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const wait = this.failures.retryAfter(request.ip);
    if (wait > 0) throw ApiError.retryAfter(429, 'too_many_failures', `too many requests with a wrong key from this address; retry after ${wait} s`, wait);
    let key: string;
    try {
      key = bearerTokenOf(request, required === 'operator' ? 'operator key' : 'api key');
    } catch (error) {
      this.failures.recordFailure(request.ip);
      throw error;
    }
    const credential = await this.credentials.find(secretHashOf(key));
    // A rotated key's grace ends at expiresAt, to the millisecond, whatever the cache kept.
    if (!credential || (credential.expiresAt && credential.expiresAt.getTime() <= Date.now())) {
      this.failures.recordFailure(request.ip);
      throw new ApiError(401, 'unauthorized', 'invalid API key', 'authorization');
    }
    if (credential.role !== required) {
      throw new ApiError(403, 'forbidden', `this route needs ${required === 'operator' ? 'an operator' : 'a producer'} key`, 'authorization');
    }
    if (credential.tenant?.status === 'suspended') throw new ApiError(403, 'tenant_suspended', `tenant ${credential.tenant.id} is suspended`);
    this.keyUse.record(credential.keyId);
    setCredential(request, credential);
    return true;
  }
}
