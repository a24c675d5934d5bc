import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** Migrated once by the global setup; every test file clones it. */
export const TEMPLATE_DATABASE = 'herald_template';

function serviceUrl(name: 'HERALD_TEST_POSTGRES_URL' | 'HERALD_TEST_REDIS_URL'): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set: run tests with npm test (the global setup starts Postgres and Redis)`);
  return url;
}

export const testRedisUrl = (): string => serviceUrl('HERALD_TEST_REDIS_URL');

/**
 * The Redis the test apps and workers are given, as environment: the local cluster's
 * seeds under `npm run test:cluster`, else the one test Redis.
 */
export function testRedisEnv(): { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string } {
  const seeds = process.env.HERALD_TEST_REDIS_CLUSTER_NODES;
  return seeds ? { REDIS_CLUSTER_NODES: seeds } : { REDIS_URL: testRedisUrl() };
}

/** A fresh database of this test file's own: migrated, or empty with `{ migrated: false }`. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<string> {
  const adminUrl = serviceUrl('HERALD_TEST_POSTGRES_URL');
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database "${name}" template "${options.migrated === false ? 'template0' : TEMPLATE_DATABASE}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A queue prefix of this test file's own, so parallel files never share jobs. */
export const testQueuePrefix = (): string => `t${randomUUID().slice(0, 8)}`;
