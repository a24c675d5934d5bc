import { z } from 'zod';

// Field builders shared by every app's schema, so a variable means the same everywhere.

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const postgresUrl = z.string({ error: 'is required (postgres://user:pass@host:port/db)' }).regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL');

export const redisUrl = z.string({ error: 'is required (redis://host:port)' }).regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL');

/** A Redis Cluster as REDIS_CLUSTER_NODES describes it: seed nodes, and what every node's connection shares. */
export interface RedisClusterSpec {
  nodes: Array<{ host: string; port: number }>;
  username?: string;
  password?: string;
  tls: boolean;
}

const clusterNode = /^(?:(rediss?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?)?([^:/@,]+):(\d{1,5})\/?$/;

/**
 * REDIS_CLUSTER_NODES: comma-separated seed nodes, each `host:port` or
 * `redis[s]://[user:password@]host:port`. A few seeds are enough (the client learns the
 * rest from CLUSTER SLOTS); credentials and TLS given on any entry apply to every node,
 * and entries that give them must agree.
 */
export const redisClusterNodes = z.string().transform((value, context): RedisClusterSpec => {
  const nodes: RedisClusterSpec['nodes'] = [];
  const shared = new Set<string>();
  let spec: RedisClusterSpec = { nodes, tls: false };
  for (const entry of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const match = clusterNode.exec(entry);
    const port = Number(match?.[5]);
    if (!match || port < 1 || port > 65535) {
      context.addIssue({ code: 'custom', message: `"${entry.replace(/\/\/[^@]*@/, '//…@')}" is not host:port or redis[s]://[user:password@]host:port` });
      return z.NEVER;
    }
    const [, scheme, username, password, host] = match;
    if (scheme) {
      spec = {
        nodes,
        tls: scheme === 'rediss',
        username: username ? decodeURIComponent(username) : undefined,
        password: password ? decodeURIComponent(password) : undefined,
      };
      shared.add(JSON.stringify([spec.tls, spec.username, spec.password]));
    }
    nodes.push({ host: host!, port });
  }
  if (nodes.length === 0) context.addIssue({ code: 'custom', message: 'needs at least one host:port' });
  if (shared.size > 1) context.addIssue({ code: 'custom', message: 'entries disagree on TLS or credentials; give them alike, or on one entry only' });
  return spec;
});

/** Shards of the send queue (SEND_QUEUE_SHARDS), each a queue of its own on its own cluster slot. */
export const sendQueueShards = z.coerce.number().int().min(1).max(64).default(1);

export const httpUrl = z.string({ error: 'is required' }).url('must be an http(s) URL');

/** A shared secret: long enough that guessing it is not an attack. */
export const secret = z.string({ error: 'is required' }).min(16, 'must be at least 16 characters');

export const commaList = z
  .string({ error: 'is required (comma-separated)' })
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(16, 'each key must be at least 16 characters')).min(1, 'needs at least one key'));

export const queuePrefix = z
  .string()
  .regex(/^[\w{}-]+$/, 'letters, digits, -, _ and {} only')
  .default('herald');

/** true/false (or 1/0); absent stays undefined so a default can depend on other settings. */
export const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1')
  .optional();

/** A 32-byte key, base64 (e.g. `openssl rand -base64 32`). */
export const webhookSecretKey = z
  .string()
  .refine((value) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64 (openssl rand -base64 32)');
