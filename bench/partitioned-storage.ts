import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CampaignRepository, connectDatabase, NotificationRepository } from '../libs/db/src/index.js';
import { migrationsBefore, runMigrations } from '../libs/db/src/migrate.js';
import { startPostgres } from '../libs/devstack/src/index.js';

/**
 * Issues 14 and 15, on a database that already has ROWS notifications (two history rows
 * each, 1% dead, 2% pending, half of them in ten campaigns) and ROWS campaign recipients:
 * - how long migration 0007 (time-partitioned storage) and then 0008 (tenants) hold
 *   their locks: the database is migrated to 0006 and filled, then migrated to 0007,
 *   then to the end, each while a reader looks notifications up by id every 5 ms (its
 *   longest wait is what producers would feel; baseline: the same lookups with no
 *   migration running);
 * - the reconciler's scan, the dead-letter listing and campaign counts, as today's
 *   repositories run them, after both: median of 5. (Their figures before partitioning,
 *   measured when 0007 was new, are in bench/RESULTS.md: today's repositories need 0008's columns.)
 */
const ROWS = Number(process.env.BENCH_PARTITION_ROWS ?? 1_000_000);
const DAYS = 60;

const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-partition-'));
chmodSync(dataDir, 0o777);
const postgres = await startPostgres({ dataDir: join(dataDir, 'pg'), password: 'bench-only-password' });
try {
  const url = await postgres.createDatabase('partition_bench');
  // Migrations up to 0006 only: the database as it was before this change (it stops before 0008 too: see bench:tenants for that one).
  await runMigrations(url, { migrationsFolder: migrationsBefore('0007', join(dataDir, 'migrations-0006')) });

  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => undefined); // idle clients when Postgres stops at the end
  const seedStart = performance.now();
  // UUIDv7-shaped ids spread over the last DAYS days, in time order, as the API makes them.
  const id = (i: string) =>
    `(lpad(to_hex((extract(epoch from now()) * 1000)::bigint - ((${ROWS} - ${i})::bigint * ${Math.floor((DAYS * 86_400_000) / ROWS)})), 12, '0') || '7' || substr(md5(${i}::text), 1, 3) || '8' || substr(md5(${i}::text), 4, 15))::uuid`;
  await pool.query(`insert into templates (code, body) values ('BENCH', '#{name}님')`);
  await pool.query(`
    insert into notifications (id, recipient, template_code, variables, text, status, campaign_id, updated_at)
    select ${id('i')}, '010' || lpad(i::text, 8, '0'), 'BENCH', '{}'::jsonb, 'hello', 
           (case when i % 100 = 0 then 'dead' when i % 50 = 0 then 'pending' else 'delivered' end)::notification_status,
           case when i % 2 = 0 then ${id('(i / 100000 * 100000)')} end, now() - ((${ROWS} - i) * interval '5 seconds')
    from generate_series(1, ${ROWS}) as i`);
  await pool.query(`
    insert into notification_events (notification_id, to_status, actor)
    select n.id, s.status::notification_status, 'bench' from notifications n cross join (values ('pending'), ('delivered')) as s(status)`);
  await pool.query(`
    insert into campaign_recipients (campaign_id, recipient)
    select ${id('(i / 100000 * 100000)')}, '010' || lpad(i::text, 8, '0') from generate_series(1, ${ROWS}) as i`);
  await pool.query('vacuum analyze');
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const { rows: sample } = await pool.query<{ id: string }>(`select id from notifications tablesample system (1) limit 200`);

  /** Looks rows up by id every 5 ms until `stop`; returns the longest wait and the count. */
  async function lookups(stop: Promise<unknown>): Promise<{ maxMs: number; count: number }> {
    let done = false;
    void stop.finally(() => (done = true));
    let maxMs = 0;
    let count = 0;
    while (!done) {
      const started = performance.now();
      await pool.query('select status from notifications where id = $1', [sample[count % sample.length]!.id]);
      maxMs = Math.max(maxMs, performance.now() - started);
      count += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { maxMs, count };
  }

  const handle = connectDatabase(url, 2);
  const notifications = new NotificationRepository(handle.db);
  const campaigns = new CampaignRepository(handle.db);
  // The largest campaign (50,000 messages at 1M rows).
  const { rows: campaignRows } = await pool.query<{ id: string; count: string }>(
    'select campaign_id as id, count(*) from notifications where campaign_id is not null group by campaign_id order by count(*) desc limit 1',
  );
  /** Median ms of five runs of each hot query. */
  async function hotQueries(): Promise<Record<string, number>> {
    const median = async (run: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let index = 0; index < 5; index++) {
        const started = performance.now();
        await run();
        times.push(performance.now() - started);
      }
      return Number(times.sort((a, b) => a - b)[2]!.toFixed(1));
    };
    return {
      reconcilerScanMs: await median(() => notifications.findStale(['pending', 'sending'], { before: new Date(Date.now() - 60_000) }, 100)),
      deadLetterPageMs: await median(() => notifications.findDead({}, 50)),
      campaignCountsMs: await median(() => campaigns.statusCounts(campaignRows[0]!.id)),
    };
  }
  const baseline = await lookups(new Promise((resolve) => setTimeout(resolve, 3000)));
  /** Runs a migration while the reader looks rows up: how long it took and the reader's longest wait. */
  async function measured(migration: () => Promise<void>) {
    const started = performance.now();
    const during = await lookups(migration());
    return { migrationMs: Math.round(performance.now() - started), lookupMaxMs: Math.round(during.maxMs), lookups: during.count };
  }
  const partitioning = await measured(() => runMigrations(url, { migrationsFolder: migrationsBefore('0008', join(dataDir, 'migrations-0007')) }));
  const tenants = await measured(() => runMigrations(url));
  const { rows: partitions } = await pool.query<{ relname: string }>(`
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'notifications'::regclass order by 1`);
  const { rows: counts } = await pool.query<{ count: string }>('select count(*) from notifications');
  await pool.query('analyze');
  const queriesAfter = await hotQueries();
  await handle.close();
  console.log(
    JSON.stringify(
      {
        rows: ROWS,
        seedSeconds: Number(seedSeconds.toFixed(1)),
        migration0007: partitioning,
        migration0008: tenants,
        baselineLookupMaxMs: Number(baseline.maxMs.toFixed(1)),
        partitions: partitions.length,
        rowsAfter: Number(counts[0]!.count),
        campaignCountedMessages: Number(campaignRows[0]!.count),
        hotQueriesAfterMs: queriesAfter,
      },
      null,
      2,
    ),
  );
  await pool.end();
} finally {
  await postgres.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
