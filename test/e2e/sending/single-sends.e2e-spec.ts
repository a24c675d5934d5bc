import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DATABASE, type DatabaseHandle } from '../../../libs/db/src/index.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { eventually } from '../../support/test-stack.js';

const CONCURRENT = 200;

const waitingInserts = async (client: pg.Client) =>
  Number(
    (await client.query("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%insert into notifications%'")).rows[0].count,
  );

/** Single sends under load: stored together, each answered with its own row. */
describe('POST /v1/notifications, many at once', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
    expect((await api.request('POST', '/v1/templates', { body: { code: 'ORDER', body: '#{name}님, 주문 #{order}' } })).status).toBe(201);
  });
  afterAll(() => api.close());

  it(`stores ${CONCURRENT} sends arriving while the database is busy with a few statements, each answer naming its own row and job`, async () => {
    const database = api.app.get<DatabaseHandle>(DATABASE);
    const jobsBefore = await api.countSendJobs();
    const statementsBefore = database.statementCount();
    // Hold inserts (as a busy database would) so that the requests arrive while the first statements wait.
    const holder = new pg.Client({ connectionString: api.config.DATABASE_URL });
    const watcher = new pg.Client({ connectionString: api.config.DATABASE_URL });
    await Promise.all([holder.connect(), watcher.connect()]);
    let pending: ReturnType<typeof api.request>[];
    try {
      await holder.query('begin');
      await holder.query('lock table notifications in share row exclusive mode');
      pending = Array.from({ length: CONCURRENT }, (_, n) =>
        api.request('POST', '/v1/notifications', {
          body: { to: `010-5555-${String(n).padStart(4, '0')}`, templateCode: 'ORDER', variables: { name: `고객${n}`, order: `S-${n}` }, ref: `single-${n}` },
        }),
      );
      await eventually(async () => ((await waitingInserts(watcher)) >= 1 ? true : undefined), 10_000, 'an insert waiting');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await holder.query('rollback');
      await Promise.all([holder.end(), watcher.end()]);
    }
    const answers = await Promise.all(pending);
    const statements = database.statementCount() - statementsBefore;

    expect(answers.map((answer) => answer.status)).toEqual(Array(CONCURRENT).fill(202));
    // One insert per request before (and a template read each); now the requests that
    // gathered behind the waiting statements are stored together.
    console.log(`${CONCURRENT} single sends stored with ${statements} statements`);
    expect(statements).toBeLessThan(CONCURRENT / 4);
    expect(await api.countSendJobs()).toBe(jobsBefore + CONCURRENT);
    // Every answer carries the id of the row made from its own request, not a neighbour's.
    for (const [n, answer] of answers.entries()) {
      const { id } = answer.body as { id: string };
      const row = (await api.request('GET', `/v1/notifications/${id}`)).body as Record<string, unknown>;
      expect(row).toMatchObject({ ref: `single-${n}`, recipient: `010****${String(n).padStart(4, '0')}`, text: `고객${n}님, 주문 S-${n}` });
    }
  });

  it('renders a template registered again with its new body at once', async () => {
    const send = async () => {
      const answer = await api.request('POST', '/v1/notifications', { body: { to: '010-5555-9999', templateCode: 'RENAMED', variables: { name: '김' } } });
      expect(answer.status).toBe(202);
      return ((await api.request('GET', `/v1/notifications/${(answer.body as { id: string }).id}`)).body as { text: string }).text;
    };
    // An unknown code is refused, then works as soon as it is registered.
    expect((await api.request('POST', '/v1/notifications', { body: { to: '010-5555-9999', templateCode: 'RENAMED', variables: { name: '김' } } })).status).toBe(
      400,
    );
    await api.request('POST', '/v1/templates', { body: { code: 'RENAMED', body: '#{name}님, 첫 문구' } });
    expect(await send()).toBe('김님, 첫 문구');
    await api.request('POST', '/v1/templates', { body: { code: 'RENAMED', body: '#{name}님, 새 문구' } });
    expect(await send()).toBe('김님, 새 문구');
  });
});
