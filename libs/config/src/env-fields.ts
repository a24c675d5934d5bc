import { z } from 'zod';

// Field builders shared by every app's schema, so a variable means the same everywhere.

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const postgresUrl = z.string({ error: 'is required (postgres://user:pass@host:port/db)' }).regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL');

export const redisUrl = z.string({ error: 'is required (redis://host:port)' }).regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL');

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
