import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectDatabase, ReportInboxRepository, type DatabaseHandle, type StoredCallback } from '../../../libs/db/src/index.js';
import { createTestDatabase } from '../../support/test-database.js';

describe('ReportInboxRepository against Postgres', () => {
  let handle: DatabaseHandle;
  let inbox: ReportInboxRepository;
  const count = async () => Number((await handle.pool.query('select count(*) from report_inbox')).rows[0].count);

  beforeAll(async () => {
    handle = connectDatabase(await createTestDatabase(), 4);
    inbox = new ReportInboxRepository(handle.db);
  });
  afterAll(() => handle.close());

  it('keeps what it could not hand on, and hands each callback to one drain only', async () => {
    for (let n = 0; n < 6; n++) await inbox.store([{ n }]);
    await expect(inbox.drain(10, () => Promise.reject(new Error('queue down')))).rejects.toThrow('queue down');
    expect(await count()).toBe(6);

    const seen: Array<StoredCallback<{ n: number }>> = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first drain holds its three rows locked while the second runs: SKIP LOCKED gives the second the other three.
    const first = inbox.drain<{ n: number }>(3, async (callbacks) => {
      seen.push(...callbacks);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await inbox.drain<{ n: number }>(10, async (callbacks) => void seen.push(...callbacks));
    release();
    expect([await first, second]).toEqual([3, 3]);
    expect(seen.map((callback) => callback.reports[0]!.n).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(seen.map((callback) => callback.id)).size).toBe(6);
    expect(seen[0]!.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(await count()).toBe(0);
  });
});
