import { createHash, randomBytes } from 'node:crypto';
import type { CredentialRole } from '../../../../libs/domain/src/index.js';
import type { NewApiKey } from '../../../../libs/db/src/index.js';

/** What a key starts with: a producer's (`hrd_live_`) and an operator's (`hrd_op_`) are told apart at a glance, and by secret scanners. */
export const KEY_PREFIXES: Record<CredentialRole, string> = { producer: 'hrd_live_', operator: 'hrd_op_' };
/** Characters of a key shown in listings: the prefix and the first four of the secret. */
const SHOWN_SECRET_CHARS = 4;

/** The SHA-256 of a key, as api_keys stores it. */
export const secretHashOf = (key: string): string => createHash('sha256').update(key).digest('hex');

/** `key_` and 12 hex digits of the key's hash: stable, loggable, useless to authenticate. */
const keyIdOf = (secretHash: string): string => `key_${secretHash.slice(0, 12)}`;

/** A new random key (32 bytes, base64url) and the row that stores it; the key itself is shown once. */
export function newKey(role: CredentialRole, tenantId: string | null): { key: string; row: NewApiKey } {
  const key = `${KEY_PREFIXES[role]}${randomBytes(32).toString('base64url')}`;
  return { key, row: rowFor(key, role, tenantId) };
}

/**
 * The row for a key given from outside (HERALD_API_KEYS, HERALD_OPERATOR_KEYS): any
 * string, so its listing prefix is only its first characters.
 */
export function rowFor(key: string, role: CredentialRole, tenantId: string | null): NewApiKey {
  const secretHash = secretHashOf(key);
  const shown = key.startsWith(KEY_PREFIXES[role]) ? KEY_PREFIXES[role].length + SHOWN_SECRET_CHARS : SHOWN_SECRET_CHARS;
  return { id: keyIdOf(secretHash), role, tenantId, secretHash, prefix: key.slice(0, Math.min(shown, key.length - 1)) };
}
