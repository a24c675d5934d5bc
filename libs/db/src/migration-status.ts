import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { MIGRATIONS_FOLDER } from './migrate.js';

interface Journal {
  entries: Array<{ tag: string; when: number }>;
}

let latest: { tag: string; when: number } | undefined;

/** The newest migration this build ships (drizzle's journal, read once). */
function latestShipped(): { tag: string; when: number } {
  latest ??= (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal).entries.at(-1)!;
  return latest;
}

/**
 * Rejects unless the database has every migration this build ships. drizzle records
 * each applied migration with its journal time and applies those newer than the
 * newest recorded, so the newest recorded time is what to compare.
 */
export async function assertMigrationsApplied(pool: pg.Pool): Promise<void> {
  const shipped = latestShipped();
  let appliedUpTo = 0;
  try {
    const { rows } = await pool.query<{ max: string | null }>('select max(created_at) as max from drizzle.__drizzle_migrations');
    appliedUpTo = Number(rows[0]?.max ?? 0);
  } catch (error) {
    // 42P01 / 3F000: no migration ever ran here.
    if (!['42P01', '3F000'].includes((error as { code?: string }).code ?? '')) throw error;
  }
  if (appliedUpTo < shipped.when) throw new Error(`not applied: ${shipped.tag} (run npm run db:migrate)`);
}
