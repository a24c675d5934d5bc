import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com), so a receiver verifies with the
 * `standardwebhooks` package or any of its ports: a secret is `whsec_` + base64 of its
 * key; a delivery carries `webhook-id` (stable across retries, for deduplication),
 * `webhook-timestamp` (Unix seconds) and `webhook-signature`, one `v1,<base64
 * HMAC-SHA256(key, "<id>.<timestamp>.<body>")>` per secret in force, space-separated
 * (during a rotation both the new and the old secret sign).
 */
export const SECRET_PREFIX = 'whsec_';
const KEY_BYTES = 32;

export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(KEY_BYTES).toString('base64')}`;
}

export function isSigningSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  return key.length >= 24 && key.toString('base64') === secret.slice(SECRET_PREFIX.length);
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three headers of one delivery of `body`, signed with every secret given (current first). */
export function signDelivery(secrets: string[], id: string, at: Date, body: string): SignedHeaders {
  if (secrets.length === 0) throw new Error('a delivery needs at least one signing secret');
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signatures = secrets.map((secret) => {
    if (!isSigningSecret(secret)) throw new Error('not a whsec_ signing secret');
    const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
    return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
  });
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}
