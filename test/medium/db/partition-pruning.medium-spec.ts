import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { CampaignRepository } from '../../../libs/db/src/campaign.repository.js';
import { connectDatabase, type DatabaseHandle } from '../../../libs/db/src/database.js';
import { NotificationRepository } from '../../../libs/db/src/notification.repository.js';
import { PartitionRepository } from '../../../libs/db/src/partitions/partition.repository.js';
import { ReportRepository } from '../../../libs/db/src/report.repository.js';
import { campaignMessageId } from '../../../libs/domain/src/index.js';
import { createTestDatabase } from '../../support/test-database.js';

type Statement = { text: string; values: unknown[] };
type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Actual Loops'?: number; Plans?: PlanNode[] };

/** The tables a plan actually read (scans that ran at least once), from EXPLAIN ANALYZE's JSON. */
function relationsRead(node: PlanNode, into = new Set<string>()): Set<string> {
  // Scans only: an UPDATE or INSERT names its target table too, which it does not read.
  if (node['Node Type'].includes('Scan') && node['Relation Name'] && (node['Actual Loops'] ?? 0) > 0) into.add(node['Relation Name']);
  for (const child of node.Plans ?? []) relationsRead(child, into);
  return into;
}

/**
 * Every hot-path query keeps to the partitions it needs (issue 14): each repository call
 * runs as Herald runs it, its statement is captured, and EXPLAIN ANALYZE of the same text
 * and values (in a transaction rolled back) says which partitions were read.
 */
describe('partition pruning of the hot-path queries', () => {
  let handle: DatabaseHandle;
  let statements: Statement[] = [];
  const weeks: Array<{ name: string; fromMs: number }> = [];
  const ids: string[] = [];
  let campaignId = '';

  beforeAll(async () => {
    handle = connectDatabase(await createTestDatabase(), 2);
    const pool = handle.pool as unknown as { query: (...args: unknown[]) => unknown };
    const query = pool.query.bind(pool);
    pool.query = (...args: unknown[]) => {
      const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      // pg takes (text, values) or ({ text, values }); drizzle also passes ({ text }, values).
      statements.push(typeof first === 'string' ? { text: first, values: second ?? [] } : { text: first.text, values: first.values ?? second ?? [] });
      return query(...args);
    };
    await query(`insert into templates (tenant_id, code, body) values ('default', 'P', 'hi')`);
    for (const partition of (await new PartitionRepository(handle.pool).partitionsOf('notifications')).slice(1, 4)) weeks.push(partition);
    // Ten notifications in each of three week partitions, one campaign in the second.
    campaignId = uuidv7({ msecs: weeks[1]!.fromMs + 1000 });
    await query(`insert into campaigns (tenant_id, id, name, template_code, variables, status) values ('default', $1, 'c', 'P', '{}', 'running')`, [
      campaignId,
    ]);
    for (const week of weeks) {
      for (let n = 0; n < 10; n++) {
        const id = week === weeks[1] && n < 5 ? campaignMessageId(campaignId, n + 1) : uuidv7({ msecs: week.fromMs + 60_000 + n });
        await query(
          `insert into notifications (tenant_id, id, campaign_id, recipient, template_code, variables, text, status, vendor_msg_key) values ('default', $1, $2, '01012345678', 'P', '{}', 'hi', 'sent', 'K')`,
          [id, week === weeks[1] && n < 5 ? campaignId : null],
        );
        await query(`insert into notification_events (notification_id, to_status, actor) values ($1, 'sent', 'test')`, [id]);
        ids.push(id);
      }
    }
    await query('analyze');
  });
  afterAll(() => handle.close());

  /** Runs `call`, then EXPLAIN ANALYZEs the statements it sent; returns the relations each read. */
  async function partitionsRead(call: () => Promise<unknown>): Promise<string[]> {
    statements = [];
    await call();
    const captured = statements.filter((statement) => !/^(begin|commit|rollback|explain)/i.test(statement.text));
    const read = new Set<string>();
    const client = await handle.pool.connect();
    try {
      for (const statement of captured) {
        await client.query('begin');
        try {
          const result = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (analyze, format json) ${statement.text}`, statement.values);
          for (const name of relationsRead(result.rows[0]!['QUERY PLAN'][0]!.Plan)) read.add(name);
        } finally {
          await client.query('rollback');
        }
      }
    } finally {
      client.release();
    }
    return [...read].filter((name) => /^(notifications|notification_events|campaign_recipients)/.test(name)).sort();
  }

  const notifications = () => new NotificationRepository(handle.db);
  const week = (index: number, table = 'notifications') => weeks[index]!.name.replace(/^notifications/, table);
  const inWeek = (index: number) => ids.slice(index * 10, index * 10 + 10);

  it('GET by id and its history read one partition each', async () => {
    const id = inWeek(2)[3]!;
    expect(await partitionsRead(() => notifications().find(id))).toEqual([week(2)]);
    expect(await partitionsRead(() => notifications().history(id))).toEqual([week(2, 'notification_events')]);
  });

  it('the send claim and the batched status moves read only the partitions of their ids', async () => {
    expect(await partitionsRead(() => notifications().claimForSending(inWeek(0).slice(0, 3), 'test'))).toEqual([week(0)]);
    const moves = inWeek(2)
      .slice(0, 3)
      .map((id) => ({ id, from: 'sent' as const, to: 'delivered' as const }));
    expect(await partitionsRead(() => notifications().transitionMany(moves, 'test'))).toEqual([week(2)]);
  });

  it('a report batch reads only the partitions of the messages it reports', async () => {
    const reports = [inWeek(0)[5]!, inWeek(2)[5]!].map((id) => ({
      id,
      msgKey: 'K',
      channel: 'alimtalk' as const,
      status: 'delivered' as const,
      code: 'D000',
      detail: null,
    }));
    expect(await partitionsRead(() => new ReportRepository(handle.db).apply(reports))).toEqual([week(0), week(2)].sort());
  });

  it('campaign counts skip every partition older than the campaign', async () => {
    const read = await partitionsRead(() => new CampaignRepository(handle.db).statusCounts(campaignId));
    expect(read).toContain(week(1));
    expect(read).not.toContain(week(0));
    expect(read).not.toContain('notifications_legacy');
  });

  // What is in flight or dead may sit in any partition inside retention: these read each
  // one's (status, updated_at) index; bench/partitioned-queries.ts times them on 1M rows.
  it('the reconciler scan and the dead-letter listing read every partition that may hold such rows', async () => {
    const stale = await partitionsRead(() => notifications().findStale(['pending', 'sending'], { before: new Date() }, 100));
    expect(stale).toEqual(expect.arrayContaining([week(0), week(1), week(2)]));
    const dead = await partitionsRead(() => notifications().findDead({}, 50));
    expect(dead).toEqual(expect.arrayContaining([week(0), week(1), week(2)]));
  });
});
