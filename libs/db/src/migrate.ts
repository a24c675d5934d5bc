import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PartitionRepository } from './partitions/partition.repository.js';

/** Beside src/ both in the repo and in dist/ (the build copies the folder). */
export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

// Arbitrary constant; every Herald process that migrates takes this lock.
const MIGRATION_LOCK_ID = 7_310_001;

/** Weeks of partitions kept made ahead of today (at each migration run and each maintenance run). */
export const PARTITION_WEEKS_AHEAD = 8;

/**
 * Applies pending migrations, then makes sure the time-partitioned tables have their
 * weeks ahead (an insert past the newest partition would fail). drizzle's migrate() takes no lock of its own, so
 * several processes starting at once would race; the advisory lock serialises them.
 */
export async function runMigrations(url: string, options: { migrationsFolder?: string } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrate(drizzle(client), { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_FOLDER });
    if (!options.migrationsFolder) await new PartitionRepository(client).ensureAhead(Date.now(), PARTITION_WEEKS_AHEAD);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

/**
 * A copy, in `folder`, of the migrations before `tag` (e.g. '0008'): migrating with it
 * makes a database as an earlier release left it, for a migration's test or benchmark.
 */
export function migrationsBefore(tag: string, folder: string): string {
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.filter((entry) => entry.tag < tag);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}
