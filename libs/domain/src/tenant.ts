/** A tenant is a producing service; `suspended` ones are refused (403 tenant_suspended), their data kept. */
export const TENANT_STATUSES = ['active', 'suspended'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/** Producers send and read their own tenant's messages; operators manage what spans tenants. */
export const CREDENTIAL_ROLES = ['producer', 'operator'] as const;
export type CredentialRole = (typeof CREDENTIAL_ROLES)[number];

/**
 * Rights a key has beyond its role. `recipients:read`: answers carry whole phone
 * numbers instead of `010****5678` (a support tool may need them; a dashboard does not).
 */
export const KEY_SCOPES = ['recipients:read'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** Owns the HERALD_API_KEYS keys and every row stored before tenants existed. */
export const DEFAULT_TENANT_ID = 'default';

/** Lower-case letters, digits and dashes: a tenant id appears in URLs, logs and Redis keys. */
export const TENANT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
