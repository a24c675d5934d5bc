import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../libs/db/src/migrate.js';
import { ensureDebianCommand, startPostgres, startRedis, type RunningPostgres, type RunningRedis } from '../../libs/devstack/src/index.js';
import { TEMPLATE_DATABASE } from '../support/test-database.js';

declare global {
  var heraldTestServices: { redis: RunningRedis; postgres: RunningPostgres; dataDir: string } | undefined;
}

/**
 * Starts one real Redis and one real Postgres on free ports for the whole run.
 * Each test file then makes its own database from a migrated template and its own
 * queue prefix, so files can run in parallel without seeing each other's data.
 * HERALD_TEST_SERVICES=none skips this for tests that need neither.
 */
export async function startTestServices(): Promise<void> {
  if (process.env.HERALD_TEST_SERVICES === 'none') return;
  // The Bull Board browser test drives Debian's Chromium; installed here when root, as redis-server is.
  // Without it that test fails with the command to run.
  ensureDebianCommand('chromium', 'chromium');
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-test-pg-'));
  chmodSync(dataDir, 0o777);
  const [redis, postgres] = await Promise.all([startRedis(), startPostgres({ dataDir: join(dataDir, 'data'), password: 'test-only-password' })]);
  globalThis.heraldTestServices = { redis, postgres, dataDir };
  await runMigrations(await postgres.createDatabase(TEMPLATE_DATABASE));
  // Inherited by the Jest worker processes, which start after this returns.
  process.env.HERALD_TEST_REDIS_URL = redis.url;
  process.env.HERALD_TEST_POSTGRES_URL = postgres.url;
}

export async function stopTestServices(): Promise<void> {
  const services = globalThis.heraldTestServices;
  if (!services) return;
  await Promise.all([services.redis.stop(), services.postgres.stop()]);
  rmSync(services.dataDir, { recursive: true, force: true });
}
