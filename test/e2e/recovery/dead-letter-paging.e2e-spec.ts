import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startTestApi, type TestApi } from '../../support/test-api.js';

const DEAD = 10_000;

/**
 * Dead letters that share a millisecond (a storm of failures buries thousands at once)
 * are each listed exactly once and all redriven: the cursor keeps the database's
 * microseconds, not a JavaScript Date's milliseconds.
 */
describe('dead letters sharing milliseconds', () => {
  let api: TestApi;
  let db: pg.Client;

  beforeAll(async () => {
    api = await startTestApi();
    db = new pg.Client({ connectionString: api.config.DATABASE_URL });
    await db.connect();
    expect((await api.request('POST', '/v1/templates', { body: { code: 'PAGED', body: '#{name}' } })).status).toBe(201);
    // 10,000 dead rows over 20 milliseconds, 500 to a millisecond, each at its own microsecond.
    await db.query(
      `insert into notifications (tenant_id, id, recipient, template_code, variables, text, status, last_code, updated_at)
       select 'default', uuidv7(), '01012345678', 'PAGED', '{}', 'x', 'dead', 'E500',
              timestamptz '2026-12-01 00:00:00+00' + (i / 500) * interval '1 millisecond' + (i % 500) * interval '1 microsecond'
       from generate_series(0, $1 - 1) as i`,
      [DEAD],
    );
  });
  afterAll(async () => {
    await db.end();
    await api.close();
  });

  it('lists every one exactly once, page by page (pages that end mid-millisecond)', async () => {
    const seen = new Set<string>();
    type Page = { items: Array<{ id: string }>; nextCursor: string | null };
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await api.request<Page>('GET', `/v1/dlq?templateCode=PAGED&limit=347${query}`);
      expect(page.status).toBe(200);
      for (const item of page.body.items) seen.add(item.id);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    expect(seen.size).toBe(DEAD);
  });

  it('redrives all of them by filter, and says when none is left', async () => {
    const answer = await api.request('POST', '/v1/dlq/redrive', { body: { templateCode: 'PAGED' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ redriven: DEAD, more: false });
    const left = await db.query(`select count(*)::int as n from notifications where status = 'dead'`);
    expect(left.rows[0].n).toBe(0);
  }, 180_000);
});
