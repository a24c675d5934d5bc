import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../libs/db/src/migrate.js';
import {
  ensureDebianCommand,
  startPostgres,
  startRedis,
  startRedisCluster,
  type RunningPostgres,
  type RunningRedis,
  type RunningRedisCluster,
} from '../../libs/devstack/src/index.js';
import { TEMPLATE_DATABASE } from '../support/test-database.js';

declare global {
  var heraldTestServices: { redis: RunningRedis; cluster?: RunningRedisCluster; postgres: RunningPostgres; dataDir: string } | undefined;
}

/**
 * Starts one real Redis and one real Postgres on free ports for the whole run.
 * Each test file then makes its own database from a migrated template and its own
 * queue prefix, so files can run in parallel without seeing each other's data.
 * HERALD_TEST_SERVICES=none skips this for tests that need neither. With
 * HERALD_TEST_REDIS_CLUSTER=1 (`npm run test:cluster`) a local Redis Cluster (3 masters,
 * 3 replicas) starts too, and the test apps and workers use it instead of the one Redis.
 */
export async function startTestServices(): Promise<void> {
  if (process.env.HERALD_TEST_SERVICES === 'none') return;
  // The Bull Board browser test drives Debian's Chromium; installed here when root, as redis-server is.
  // Without it that test fails with the command to run.
  ensureDebianCommand('chromium', 'chromium');
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-test-pg-'));
  chmodSync(dataDir, 0o777);
  const [redis, postgres, cluster] = await Promise.all([
    startRedis(),
    startPostgres({ dataDir: join(dataDir, 'data'), password: 'test-only-password' }),
    process.env.HERALD_TEST_REDIS_CLUSTER === '1' ? startRedisCluster({ dataDir: join(dataDir, 'redis-cluster') }) : undefined,
  ]);
  globalThis.heraldTestServices = { redis, cluster, postgres, dataDir };
  if (cluster) process.env.HERALD_TEST_REDIS_CLUSTER_NODES = cluster.seeds;
  await runMigrations(await postgres.createDatabase(TEMPLATE_DATABASE));
  // Inherited by the Jest worker processes, which start after this returns.
  process.env.HERALD_TEST_REDIS_URL = redis.url;
  process.env.HERALD_TEST_POSTGRES_URL = postgres.url;
}

export async function stopTestServices(): Promise<void> {
  const services = globalThis.heraldTestServices;
  if (!services) return;
  await Promise.all([services.redis.stop(), services.cluster?.stop(), services.postgres.stop()]);
  rmSync(services.dataDir, { recursive: true, force: true });
}
