import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { producerOf, type ProducerCredential } from './credential.js';

/** The calling producer's tenant id, for a handler under ProducerAuth(). */
export const TenantId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => producerOf(context.switchToHttp().getRequest<FastifyRequest>()).tenant.id,
);

/** The calling producer's whole credential (scopes, tenant settings). */
export const Producer = createParamDecorator((_data: unknown, context: ExecutionContext): ProducerCredential =>
  producerOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
