import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { createTestDatabase } from '../../support/test-database.js';
import { connectDatabase, type DatabaseHandle } from '../../../libs/db/src/database.js';
import { NotificationRepository } from '../../../libs/db/src/notification.repository.js';
import { TemplateRepository } from '../../../libs/db/src/template.repository.js';

describe('NotificationRepository against Postgres', () => {
  let handle: DatabaseHandle;
  let notifications: NotificationRepository;

  beforeAll(async () => {
    handle = connectDatabase(await createTestDatabase(), 4);
    notifications = new NotificationRepository(handle.db);
    await new TemplateRepository(handle.db).upsert('default', { code: 'T1', body: 'hi #{name}' });
  });
  afterAll(() => handle.close());

  const insert = () =>
    notifications.insertPending(
      { id: uuidv7(), tenantId: 'default', recipient: '01012345678', templateCode: 'T1', variables: { name: 'a' }, text: 'hi a' },
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
    const results = await Promise.all(Array.from({ length: 8 }, () => notifications.transition(row.id, { to: 'sent', actor: 'worker', vendorMsgKey: 'K' })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('ignores a report whose message key belongs to another send', async () => {
    const row = await insert();
    await notifications.transition(row.id, { to: 'sending', actor: 'worker' });
    await notifications.transition(row.id, { to: 'sent', actor: 'worker', vendorMsgKey: 'right' });
    expect(await notifications.transition(row.id, { to: 'delivered', actor: 'report', expectMsgKey: 'wrong' })).toBeUndefined();
    expect((await notifications.transition(row.id, { to: 'delivered', actor: 'report', expectMsgKey: 'right' }))?.status).toBe('delivered');
  });

  describe('claimForSending (many rows, one statement)', () => {
    it('claims pending and re-claims sending rows, never a final one, and says why a row was not claimed', async () => {
      const [fresh, rerun, done, dead] = await Promise.all([insert(), insert(), insert(), insert()]);
      await notifications.transition(rerun.id, { to: 'sending', actor: 'worker' });
      await notifications.transition(done.id, { to: 'sending', actor: 'worker' });
      await notifications.transition(done.id, { to: 'delivered', actor: 'report' });
      await notifications.transition(dead.id, { to: 'sending', actor: 'worker' });
      await notifications.transition(dead.id, { to: 'dead', actor: 'worker' });
      const unknown = uuidv7();

      const claims = await notifications.claimForSending([fresh.id, rerun.id, done.id, dead.id, unknown], 'worker');
      const byId = new Map(claims.map((claim) => [claim.row.id, claim]));
      expect(byId.size).toBe(4);
      expect(byId.get(fresh.id)).toMatchObject({ claimed: true, row: { status: 'sending', recipient: '01012345678', text: 'hi a' } });
      expect(byId.get(rerun.id)).toMatchObject({ claimed: true, row: { status: 'sending' } });
      expect(byId.get(done.id)).toMatchObject({ claimed: false, row: { status: 'delivered' } });
      expect(byId.get(dead.id)).toMatchObject({ claimed: false, row: { status: 'dead' } });
      expect(byId.has(unknown)).toBe(false);

      const history = async (id: string) => (await notifications.history(id)).map((event) => [event.fromStatus, event.toStatus, event.actor]);
      expect(await history(fresh.id)).toEqual([
        [null, 'pending', 'test'],
        ['pending', 'sending', 'worker'],
      ]);
      expect((await history(rerun.id)).at(-1)).toEqual(['sending', 'sending', 'worker']);
      expect(await history(done.id)).toHaveLength(3);
      expect((await notifications.find(done.id))?.status).toBe('delivered');
    });

    it('takes overlapping concurrent batches without deadlocking, and each row gets one history entry per claim', async () => {
      const rows = await Promise.all(Array.from({ length: 40 }, insert));
      const ids = rows.map((row) => row.id);
      const batches = Array.from({ length: 6 }, (_, index) => [...ids].sort(() => (index % 2 ? 1 : -1) * (Math.random() - 0.5)));
      const results = await Promise.all(batches.map((batch) => notifications.claimForSending(batch, 'worker')));
      for (const claims of results) expect(claims.every((claim) => claim.claimed && claim.row.status === 'sending')).toBe(true);
      const events = await Promise.all(ids.map((id) => notifications.history(id)));
      for (const history of events) expect(history.filter((event) => event.toStatus === 'sending')).toHaveLength(6);
    });

    it('returns nothing for no ids', async () => {
      expect(await notifications.claimForSending([], 'worker')).toEqual([]);
    });
  });

  describe('transitionMany', () => {
    it('moves each row only from its own source status and records code, detail, key and attempt', async () => {
      const [a, b, c] = await Promise.all([insert(), insert(), insert()]);
      await notifications.claimForSending([a.id, b.id], 'worker');
      await notifications.transition(b.id, { to: 'delivered', actor: 'report' });
      const moved = await notifications.transitionMany(
        [
          { id: a.id, from: 'sending', to: 'sent', code: 'A000', vendorMsgKey: 'KA', countAttempt: true },
          { id: b.id, from: 'sending', to: 'sent', code: 'A000', vendorMsgKey: 'KB', countAttempt: true },
          { id: c.id, from: 'sending', to: 'sent', code: 'A000', vendorMsgKey: 'KC', countAttempt: true },
        ],
        'worker',
      );
      expect(moved).toEqual([a.id]);
      expect(await notifications.find(a.id)).toMatchObject({ status: 'sent', vendorMsgKey: 'KA', attempts: 1, lastCode: 'A000' });
      expect(await notifications.find(b.id)).toMatchObject({ status: 'delivered', vendorMsgKey: null });
      expect(await notifications.find(c.id)).toMatchObject({ status: 'pending', attempts: 0 });
      const last = (await notifications.history(a.id)).at(-1);
      expect(last).toMatchObject({ fromStatus: 'sending', toStatus: 'sent', actor: 'worker', attempt: 1, code: 'A000' });
    });

    it('refuses an illegal move or a repeated id before touching any row', async () => {
      const row = await insert();
      await expect(notifications.transitionMany([{ id: row.id, from: 'pending', to: 'sent' }], 'worker')).rejects.toThrow('illegal');
      await notifications.claimForSending([row.id], 'worker');
      const twice = { id: row.id, from: 'sending' as const, to: 'sent' as const };
      await expect(notifications.transitionMany([twice, twice], 'worker')).rejects.toThrow('unique');
      expect((await notifications.find(row.id))?.status).toBe('sending');
    });
  });
});
