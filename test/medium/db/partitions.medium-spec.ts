import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { connectDatabase, type DatabaseHandle } from '../../../libs/db/src/database.js';
import { PartitionRepository, type Partition } from '../../../libs/db/src/partitions/partition.repository.js';
import { campaignMessageId } from '../../../libs/domain/src/index.js';
import { createTestDatabase } from '../../support/test-database.js';

const DAY = 86_400_000;
const RETENTION_DAYS = 90;

/**
 * Retention by partition (issue 14): a week partition goes whole once past
 * RETENTION_DAYS, with the history of its notifications and the recipients of its
 * finished campaigns; what is inside retention, or still owed a send, stays.
 */
describe('time-partitioned storage against Postgres', () => {
  let handle: DatabaseHandle;
  let partitions: PartitionRepository;
  beforeAll(async () => {
    handle = connectDatabase(await createTestDatabase(), 4);
    partitions = new PartitionRepository(handle.pool);
    await handle.pool.query(`insert into templates (tenant_id, code, body) values ('default', 'P', 'hi')`);
  });
  afterAll(() => handle.close());

  const query = async (text: string, values: unknown[] = []) => (await handle.pool.query(text, values)).rows;
  async function insertAt(ms: number, status = 'delivered', id = uuidv7({ msecs: ms })): Promise<string> {
    await query(
      `insert into notifications (tenant_id, id, recipient, template_code, variables, text, status) values ('default', $1, '01012345678', 'P', '{}', 'hi', $2)`,
      [id, status],
    );
    await query(`insert into notification_events (notification_id, to_status, actor) values ($1, 'pending', 'test'), ($1, $2, 'test')`, [id, status]);
    return id;
  }
  async function campaignAt(ms: number, status: string): Promise<string> {
    const id = uuidv7({ msecs: ms });
    await query(`insert into campaigns (tenant_id, id, name, template_code, variables, status) values ('default', $1, 'c', 'P', '{}', $2)`, [id, status]);
    await query(`insert into campaign_recipients (campaign_id, recipient) values ($1, '01011112222'), ($1, '01033334444')`, [id]);
    return id;
  }
  const exists = async (id: string) => (await query('select 1 from notifications where id = $1', [id])).length === 1;
  const eventsOf = async (id: string) => (await query('select 1 from notification_events where notification_id = $1', [id])).length;
  const recipientsOf = async (id: string) => (await query('select 1 from campaign_recipients where campaign_id = $1', [id])).length;

  it('starts from the migrated tables as one legacy partition each, with weeks made ahead', async () => {
    for (const table of ['notifications', 'notification_events', 'campaign_recipients'] as const) {
      const list = await partitions.partitionsOf(table);
      expect(list[0]!.name).toBe(`${table}_legacy`);
      expect(list[0]!.fromMs).toBe(-Infinity);
      // Contiguous, a week each, reaching at least 8 weeks past today.
      for (let index = 1; index < list.length; index++) expect(list[index]!.fromMs).toBe(list[index - 1]!.toMs);
      expect(list.at(-1)!.toMs).toBeGreaterThan(Date.now() + 8 * 7 * DAY);
    }
    expect(await partitions.ensureAhead(Date.now(), 8)).toEqual([]);
  });

  it('drops what is past retention, keeps the rest and anything still owed a send', async () => {
    const list: Partition[] = await partitions.partitionsOf('notifications');
    const [legacy, week1, week2, week3] = list as [Partition, Partition, Partition, Partition];
    const inLegacy = await insertAt(Date.now() - DAY);
    const inWeek1Pending = await insertAt(week1.fromMs + 3_600_000, 'pending');
    const inWeek2 = await insertAt(week2.fromMs + 3_600_000);
    const inWeek3 = await insertAt(week3.fromMs + 3_600_000);
    const oldCampaign = await campaignAt(week1.fromMs + 60_000, 'completed');
    const runningCampaign = await campaignAt(week2.fromMs + 60_000, 'running');
    const newCampaign = await campaignAt(week3.fromMs + 60_000, 'completed');
    await query(
      `insert into notifications (tenant_id, id, campaign_id, recipient, template_code, variables, text, status) values ('default', $1, $2, '01011112222', 'P', '{}', 'hi', 'delivered')`,
      [campaignMessageId(oldCampaign, 1), oldCampaign],
    );

    // A day past the moment week 2's newest possible row is RETENTION_DAYS old.
    const now = week2.toMs + RETENTION_DAYS * DAY + DAY;
    await partitions.ensureAhead(now, 1);
    const dropped = await partitions.dropPastRetention(now, RETENTION_DAYS);

    expect(dropped).toEqual(expect.arrayContaining([legacy.name, week2.name, 'notification_events_legacy', 'campaign_recipients_legacy']));
    expect(dropped).not.toContain(week1.name);
    expect(dropped).not.toContain(week3.name);
    expect([await exists(inLegacy), await exists(inWeek2), await eventsOf(inWeek2)]).toEqual([false, false, 0]);
    // Week 1 still holds a pending message: kept whole, its history too.
    expect([await exists(inWeek1Pending), await eventsOf(inWeek1Pending), await exists(campaignMessageId(oldCampaign, 1))]).toEqual([true, 2, true]);
    expect([await exists(inWeek3), await eventsOf(inWeek3)]).toEqual([true, 2]);
    // Recipients: the running campaign's week is kept although past retention; the finished one's went with its row.
    expect(await recipientsOf(runningCampaign)).toBe(2);
    expect(await recipientsOf(newCampaign)).toBe(2);
    expect((await query('select id from campaigns order by id')).map((row) => row.id)).toEqual([runningCampaign, newCampaign].sort());
  });
});
