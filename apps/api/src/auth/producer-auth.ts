import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import type { CredentialRole } from '../../../../libs/domain/src/index.js';
import { CredentialGuard, REQUIRED_ROLE } from './credential.guard.js';
import { TenantRateLimitGuard } from './tenant-rate-limit.guard.js';

/** The roles each route declares, for the OpenAPI document's security schemes. */
export const SECURITY_SCHEMES: Record<CredentialRole, string> = { producer: 'producerKey', operator: 'operatorKey' };

/**
 * Every producer route: a producer key, then its tenant's rate budget. One decorator,
 * so a new producer controller cannot get one without the other.
 */
export const ProducerAuth = () => applyDecorators(SetMetadata(REQUIRED_ROLE, 'producer'), UseGuards(CredentialGuard, TenantRateLimitGuard));

/** What spans tenants (tenants and keys, the vendor budget, every tenant's dead letters): an operator key. */
export const OperatorAuth = () => applyDecorators(SetMetadata(REQUIRED_ROLE, 'operator'), UseGuards(CredentialGuard));
