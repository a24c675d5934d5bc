import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runMigrations } from '../../../libs/db/src/migrate.js';
import { startPostgres, type RunningPostgres } from '../../../libs/devstack/src/index.js';
import { eventually, startTestStack, type TestStack, UNLIMITED_VENDOR } from '../../support/test-stack.js';

const PASSWORD = 'chaos-only-password';
const OUTAGE_MS = 5000;
const FINAL = ['delivered', 'failed', 'dead'];

/**
 * Postgres restarted while producers post (DESIGN.md, invariants 8 and 9): a request
 * that could not be stored is told so with 503 and Retry-After, never a bare 500;
 * every accepted message reaches a final status and the vendor once.
 */
describe('Postgres restarted under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-chaos-pg-'));
  let postgres: RunningPostgres;
  let stack: TestStack;

  beforeAll(async () => {
    chmodSync(dataDir, 0o777);
    // A Postgres of this test's own, so that stopping it stops nobody else's test.
    postgres = await startPostgres({ dataDir: join(dataDir, 'data'), password: PASSWORD });
    const url = await postgres.createDatabase('herald');
    await runMigrations(url);
    stack = await startTestStack({
      apiEnv: { DATABASE_URL: url },
      sim: UNLIMITED_VENDOR,
      workerEnv: { VENDOR_TPS: '100000', WORKER_CONCURRENCY: '50' },
    });
    await stack.registerTemplate('PG_CHAOS', '#{n}번 알림입니다');
  }, 90_000);
  afterAll(async () => {
    await stack.close();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 202 or 503 (never 500) while it is down, and every accepted message is sent once', async () => {
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    let producing = true;
    let sequence = 0;
    let backAt = 0;
    let firstAcceptedAfterBack = 0;
    const producers = Array.from({ length: 10 }, async () => {
      while (producing) {
        const n = sequence++;
        const response = await stack.api.request('POST', '/v1/notifications', {
          body: { to: `010${String(30_000_000 + n).slice(-8)}`, templateCode: 'PG_CHAOS', variables: { n: String(n) } },
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 202) {
          accepted.push(response.body.id);
          if (backAt && !firstAcceptedAfterBack) firstAcceptedAfterBack = Date.now() - backAt;
        } else {
          expect(response.status).toBe(503);
          expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const port = postgres.port;
    await postgres.stop();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    postgres = await startPostgres({ dataDir: join(dataDir, 'data'), password: PASSWORD, port });
    backAt = Date.now();
    await eventually(async () => (firstAcceptedAfterBack > 0 ? true : undefined), 30_000, 'a send accepted again');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    producing = false;
    await Promise.all(producers);

    const db = new pg.Client({ connectionString: postgres.databaseUrl('herald') });
    await db.connect();
    try {
      const counts = await eventually(
        async () => {
          const { rows } = await db.query<{ status: string; count: string }>('select status, count(*) from notifications group by status');
          const byStatus = Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
          return Object.keys(byStatus).every((status) => FINAL.includes(status)) ? byStatus : undefined;
        },
        60_000,
        'every stored notification to be final',
      );
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from notifications where id = any($1::uuid[])', [accepted]);
      const stored = Object.values(counts).reduce((sum, count) => sum + count, 0);
      const vendor = stack.sim.stats();
      console.log(
        `Postgres down ${OUTAGE_MS} ms: answers ${JSON.stringify(Object.fromEntries(statuses))}; sends accepted again ${firstAcceptedAfterBack} ms after it was back; rows ${JSON.stringify(counts)}; vendor ${JSON.stringify({ unique: vendor.uniqueMessages, duplicateRefs: vendor.duplicateRefs })}`,
      );
      expect(rows[0]!.n).toBe(accepted.length);
      expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
      // Each stored row reached the vendor once (a 503 whose row did commit would still be sent once).
      expect(vendor.uniqueMessages).toBe(stored);
    } finally {
      await db.end();
    }
  }, 180_000);
});
