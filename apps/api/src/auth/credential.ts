import type { FastifyRequest } from 'fastify';
import type { LiveCredential } from '../../../../libs/db/src/index.js';
import type { KeyScope } from '../../../../libs/domain/src/index.js';

/** What CredentialGuard leaves on a request it lets through: the key's id, role, scopes and tenant; never the key. */
export type Credential = LiveCredential;
export type ProducerCredential = Credential & { tenant: CallerTenant };
/** What a request knows of its producer's tenant: id, status, limits, time zone. */
export type CallerTenant = NonNullable<Credential['tenant']>;

const CREDENTIAL = Symbol('heraldCredential');
type WithCredential = FastifyRequest & { [CREDENTIAL]?: Credential };

export function setCredential(request: FastifyRequest, credential: Credential): void {
  (request as WithCredential)[CREDENTIAL] = credential;
}

/** The credential CredentialGuard set, or undefined on a route it does not guard. */
export function credentialOf(request: FastifyRequest): Credential | undefined {
  return (request as WithCredential)[CREDENTIAL];
}

/** The calling producer's credential; a route that asks for it without ProducerAuth is a programming error. */
export function producerOf(request: FastifyRequest): ProducerCredential {
  const credential = credentialOf(request);
  if (!credential?.tenant) throw new Error('this route needs ProducerAuth()');
  return credential as ProducerCredential;
}

export const hasScope = (credential: Credential, scope: KeyScope): boolean => credential.scopes.includes(scope);
