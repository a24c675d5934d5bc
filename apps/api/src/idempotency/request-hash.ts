import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so that two bodies a producer
 * serialised in different key orders count as the same request. Array order is
 * kept (it is meaningful); undefined properties are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What "the same request" means for an Idempotency-Key: method, path and the body
 * as parsed from JSON (before validation: interceptors run before pipes). Hashed
 * together as one JSON array, so no field can bleed into the next.
 */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson([method.toUpperCase(), path, body ?? null]))
    .digest('hex');
}
