import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectDatabase, NotificationRepository, type DatabaseHandle } from '../../../libs/db/src/index.js';
import { createTestDatabase } from '../../support/test-database.js';

describe('expiring results that never came', () => {
  let handle: DatabaseHandle;
  let notifications: NotificationRepository;

  beforeAll(async () => {
    handle = connectDatabase(await createTestDatabase(), 2);
    notifications = new NotificationRepository(handle.db);
    await handle.pool.query(`insert into templates (tenant_id, code, body) values ('default', 'X', 'x')`);
    // Two of each waiting status: one 73 h old, one 71 h old; and an old delivered row.
    await handle.pool.query(`
      insert into notifications (tenant_id, id, recipient, template_code, variables, text, status, attempts, updated_at)
      select 'default', uuidv7(), '01012345678', 'X', '{}', s || ' ' || h, s::notification_status, 1, now() - h * interval '1 hour'
      from (values ('sent'), ('failback_sent'), ('delivered')) as v(s) cross join (values (73), (71)) as a(h)`);
  });
  afterAll(() => handle.close());

  it('expires sent and failed-back rows past the cutoff, each with its history row, and nothing else', async () => {
    const before = new Date(Date.now() - 72 * 3600_000);
    expect(await notifications.expireUnreported(before, 1, 'no final result from the vendor within 72 h')).toBe(1);
    expect(await notifications.expireUnreported(before, 100, 'no final result from the vendor within 72 h')).toBe(1);
    expect(await notifications.expireUnreported(before, 100, 'no final result from the vendor within 72 h')).toBe(0);
    const { rows } = await handle.pool.query(`select text, status, last_code from notifications order by text`);
    expect(rows).toEqual([
      { text: 'delivered 71', status: 'delivered', last_code: null },
      { text: 'delivered 73', status: 'delivered', last_code: null },
      { text: 'failback_sent 71', status: 'failback_sent', last_code: null },
      { text: 'failback_sent 73', status: 'expired', last_code: 'EXPIRED' },
      { text: 'sent 71', status: 'sent', last_code: null },
      { text: 'sent 73', status: 'expired', last_code: 'EXPIRED' },
    ]);
    const events = await handle.pool.query(`select from_status, to_status, actor, detail from notification_events order by from_status`);
    expect(events.rows).toEqual([
      { from_status: 'sent', to_status: 'expired', actor: 'reconciler', detail: 'no final result from the vendor within 72 h' },
      { from_status: 'failback_sent', to_status: 'expired', actor: 'reconciler', detail: 'no final result from the vendor within 72 h' },
    ]);
  });
});
