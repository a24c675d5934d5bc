import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  ApiKeyRepository,
  CampaignRepository,
  connectDatabase,
  NotificationRepository,
  SuppressionRepository,
  TemplateRepository,
  type DatabaseHandle,
} from '../../../libs/db/src/index.js';
import { migrationsBefore, runMigrations } from '../../../libs/db/src/migrate.js';
import { createTestDatabase } from '../../support/test-database.js';

/**
 * Migration 0008 on a database as the release before tenants left it, with rows in
 * every table it changes: everything moves to the tenant `default`, nothing is lost,
 * and the repositories work on the old rows.
 */
describe('migration 0008 (tenants) from the previous schema', () => {
  let url: string;
  let handle: DatabaseHandle;
  const ids = { notification: uuidv7(), campaign: uuidv7() };

  beforeAll(async () => {
    url = await createTestDatabase({ migrated: false });
    await runMigrations(url, { migrationsFolder: migrationsBefore('0008', mkdtempSync(join(tmpdir(), 'herald-migrations-'))) });
    const old = new pg.Client({ connectionString: url });
    await old.connect();
    await old.query(`insert into templates (code, body) values ('OLD', 'hi #{name}')`);
    await old.query(`insert into notifications (id, recipient, template_code, variables, text, status) values ($1, '01012345678', 'OLD', '{}', 'hi', 'dead')`, [
      ids.notification,
    ]);
    await old.query(`insert into notification_events (notification_id, to_status, actor) values ($1, 'pending', 'api')`, [ids.notification]);
    await old.query(`insert into campaigns (id, name, template_code, variables) values ($1, 'old campaign', 'OLD', '{}')`, [ids.campaign]);
    await old.query(`insert into campaign_recipients (campaign_id, recipient) values ($1, '01099998888')`, [ids.campaign]);
    await old.query(`insert into suppressions (phone, reason) values ('01055556666', 'opted out')`);
    // Two API keys used the same Idempotency-Key: one tenant now, so one row stays (the newer).
    await old.query(
      `insert into idempotency_keys (api_key_id, key, request_hash, state, created_at, expires_at) values
         ('aaaaaaaaaaaaaaaa', 'k1', 'h-old', 'done', now() - interval '2 minutes', now() + interval '1 day'),
         ('bbbbbbbbbbbbbbbb', 'k1', 'h-new', 'done', now() - interval '1 minute', now() + interval '1 day'),
         ('aaaaaaaaaaaaaaaa', 'k2', 'h2', 'done', now(), now() + interval '1 day')`,
    );
    await old.end();
    await runMigrations(url);
    handle = connectDatabase(url, 2);
  });
  afterAll(() => handle?.close());

  it('gives every existing row to the tenant default, and keeps them all', async () => {
    const { pool } = handle;
    for (const table of ['templates', 'notifications', 'campaigns', 'suppressions', 'idempotency_keys']) {
      const { rows } = await pool.query(`select distinct tenant_id from ${table}`);
      expect([table, rows]).toEqual([table, [{ tenant_id: 'default' }]]);
    }
    expect((await pool.query('select count(*)::int as n from notification_events')).rows[0].n).toBe(1);
    expect((await pool.query('select count(*)::int as n from campaign_recipients')).rows[0].n).toBe(1);
    expect((await pool.query('select key, request_hash from idempotency_keys order by key')).rows).toEqual([
      { key: 'k1', request_hash: 'h-new' },
      { key: 'k2', request_hash: 'h2' },
    ]);
    expect((await pool.query(`select id, name, status from tenants`)).rows).toEqual([{ id: 'default', name: 'Default tenant', status: 'active' }]);
  });

  it('leaves no default behind: a new row must name its tenant', async () => {
    await expect(
      handle.pool.query(`insert into notifications (id, recipient, template_code, variables, text) values ($1, '01012345678', 'OLD', '{}', 'hi')`, [uuidv7()]),
    ).rejects.toThrow(/tenant_id/);
  });

  it("lets the repositories find the old rows as the default tenant's, and only as its", async () => {
    const { db } = handle;
    expect(await new NotificationRepository(db).find(ids.notification, 'default')).toMatchObject({ id: ids.notification, tenantId: 'default' });
    expect(await new NotificationRepository(db).find(ids.notification, 'shop')).toBeUndefined();
    expect(await new CampaignRepository(db).find(ids.campaign, 'default')).toMatchObject({ name: 'old campaign' });
    expect(await new TemplateRepository(db).find('default', 'OLD')).toMatchObject({ body: 'hi #{name}' });
    expect(await new SuppressionRepository(db).find({ tenantId: 'default' }, '01055556666')).toMatchObject({ reason: 'opted out' });
    expect(await new NotificationRepository(db).findDead({ tenantId: 'default' }, 10)).toHaveLength(1);
    // Another tenant may now register the same template code.
    await handle.pool.query(`insert into tenants (id, name) values ('shop', 'Shop')`);
    expect(await new TemplateRepository(db).upsert('shop', { code: 'OLD', body: 'shop #{name}' })).toMatchObject({ tenantId: 'shop' });
    expect(await new TemplateRepository(db).find('default', 'OLD')).toMatchObject({ body: 'hi #{name}' });
  });

  it('refuses a key row whose role and tenant disagree', async () => {
    const keys = new ApiKeyRepository(handle.db);
    await expect(keys.create({ id: 'key_000000000001', role: 'operator', tenantId: 'default', secretHash: 'x1', prefix: 'p' })).rejects.toThrow();
    await expect(keys.create({ id: 'key_000000000002', role: 'producer', tenantId: null, secretHash: 'x2', prefix: 'p' })).rejects.toThrow();
  });
});
