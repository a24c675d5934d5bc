import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { createTestDatabase } from '../../../test/support/test-database.js';
import { connectDatabase, type DatabaseHandle } from './database.js';
import { NotificationRepository } from './notification.repository.js';
import { TemplateRepository } from './template.repository.js';

describe('NotificationRepository against Postgres', () => {
  let handle: DatabaseHandle;
  let notifications: NotificationRepository;

  beforeAll(async () => {
    handle = connectDatabase(await createTestDatabase(), 4);
    notifications = new NotificationRepository(handle.db);
    await new TemplateRepository(handle.db).upsert({ code: 'T1', body: 'hi #{name}' });
  });
  afterAll(() => handle.close());

  const insert = () =>
    notifications.insertPending(
      { id: uuidv7(), recipient: '01012345678', templateCode: 'T1', variables: { name: 'a' }, text: 'hi a' },
      'test',
    );

  it('stores a pending row with its first history entry', async () => {
    const row = await insert();
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(0);
    const history = await notifications.history(row.id);
    expect(history.map((event) => [event.fromStatus, event.toStatus, event.actor])).toEqual([[null, 'pending', 'test']]);
  });

  it('applies a legal transition and records who made it', async () => {
    const row = await insert();
    const moved = await notifications.transition(row.id, { to: 'sending', actor: 'worker', countAttempt: true });
    expect(moved?.status).toBe('sending');
    expect(moved?.attempts).toBe(1);
    const sent = await notifications.transition(row.id, { to: 'sent', actor: 'worker', code: 'A000', vendorMsgKey: 'K1' });
    expect(sent?.vendorMsgKey).toBe('K1');
    const history = await notifications.history(row.id);
    expect(history.map((event) => [event.fromStatus, event.toStatus, event.code])).toEqual([
      [null, 'pending', null],
      ['pending', 'sending', null],
      ['sending', 'sent', 'A000'],
    ]);
  });

  it('refuses an illegal transition and leaves the row and history as they were', async () => {
    const row = await insert();
    expect(await notifications.transition(row.id, { to: 'delivered', actor: 'test' })).toBeUndefined();
    expect((await notifications.find(row.id))?.status).toBe('pending');
    expect(await notifications.history(row.id)).toHaveLength(1);
  });

  it('never claims a final row for sending again', async () => {
    const row = await insert();
    await notifications.transition(row.id, { to: 'sending', actor: 'worker' });
    await notifications.transition(row.id, { to: 'delivered', actor: 'report' });
    expect(await notifications.transition(row.id, { to: 'sending', actor: 'worker' })).toBeUndefined();
  });

  it('lets exactly one of many concurrent claims of a pending row through', async () => {
    const row = await insert();
    await notifications.transition(row.id, { to: 'sending', actor: 'worker' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => notifications.transition(row.id, { to: 'sent', actor: 'worker', vendorMsgKey: 'K' })),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('ignores a report whose message key belongs to another send', async () => {
    const row = await insert();
    await notifications.transition(row.id, { to: 'sending', actor: 'worker' });
    await notifications.transition(row.id, { to: 'sent', actor: 'worker', vendorMsgKey: 'right' });
    expect(await notifications.transition(row.id, { to: 'delivered', actor: 'report', expectMsgKey: 'wrong' })).toBeUndefined();
    expect((await notifications.transition(row.id, { to: 'delivered', actor: 'report', expectMsgKey: 'right' }))?.status).toBe(
      'delivered',
    );
  });
});
