import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startTestStack, type TestStack } from '../../support/test-stack.js';

const TEMPLATE = { code: 'SPRING_SALE', body: '#{name}님, 봄 세일 #{discount} 할인', failbackBody: '[Herald] #{name}님 봄 세일' };

/** A distinct mobile number per n that the simulator delivers (last four digits never 0001–0004). */
const phone = (n: number) => `010${5000 + Math.floor(n / 9000)}${1000 + (n % 9000)}`;

describe('campaigns', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({
      sim: { SIM_TPS: 100 },
      workerEnv: { VENDOR_TPS: '100', CAMPAIGN_WINDOW: '60', CAMPAIGN_PAGE_SIZE: '25', CAMPAIGN_TICK_MS: '100' },
    });
    await stack.registerTemplate(TEMPLATE.code, TEMPLATE.body, TEMPLATE.failbackBody);
  });
  afterAll(() => stack.close());

  async function createCampaign(body: Record<string, unknown> = {}): Promise<string> {
    const response = await stack.api.request('POST', '/v1/campaigns', {
      body: { name: 'spring', templateCode: TEMPLATE.code, variables: { discount: '10%' }, ...body },
    });
    expect(response.status).toBe(201);
    return response.body.id;
  }
  const upload = (id: string, rawBody: string, contentType: string) =>
    stack.api.request('POST', `/v1/campaigns/${id}/recipients`, { rawBody, headers: { 'content-type': contentType } });
  const csvOf = (from: number, count: number) => ['to,name', ...Array.from({ length: count }, (_, i) => `${phone(from + i)},고객${from + i}`)].join('\n');
  const act = (id: string, action: string) => stack.api.request('POST', `/v1/campaigns/${id}/${action}`);
  const view = async (id: string) => (await stack.api.request('GET', `/v1/campaigns/${id}`)).body;
  const untilCampaign = (id: string, status: string, timeoutMs = 20_000) =>
    eventually(async () => ((await view(id)).status === status ? view(id) : undefined), timeoutMs, `campaign ${id} to be ${status}`);

  it('stores valid rows, reports invalid ones by row, field and reason, and changes nothing on re-upload', async () => {
    const id = await createCampaign();
    const rows = [
      { to: phone(1), variables: { name: '가' } },
      { to: 'not-a-phone', variables: { name: '나' } },
      { to: phone(2) },
      { to: phone(3), variables: { name: '다' } },
      { to: phone(1), variables: { name: '가' } },
    ];
    const first = await upload(id, JSON.stringify(rows), 'application/json');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: 5, stored: 2, duplicates: 1, rejected: 2, recipientCount: 2 });
    expect(first.body.errors).toEqual([
      { row: 2, field: 'to', reason: expect.stringContaining('Korean mobile') },
      { row: 3, field: 'variables.name', reason: 'the template needs: name' },
    ]);

    const again = await upload(id, JSON.stringify(rows), 'application/json');
    expect(again.body).toMatchObject({ received: 5, stored: 0, duplicates: 3, rejected: 2, recipientCount: 2 });

    const csv = await upload(id, `to,name\n${phone(3)},다\n${phone(4)},라\n${phone(5)}\n`, 'text/csv');
    expect(csv.body).toMatchObject({ received: 3, stored: 1, duplicates: 1, rejected: 1, recipientCount: 3 });
    expect(csv.body.errors).toEqual([{ row: 3, field: '(row)', reason: 'has 1 fields; the header has 2' }]);

    // A later upload merges: a row repeated within it is stored once, as in the first upload.
    const line = `{"to":"${phone(6)}","variables":{"name":"마"}}`;
    const ndjson = await upload(id, `${line}\n\nnot json\n${line}\n`, 'application/x-ndjson');
    expect(ndjson.body).toMatchObject({ received: 3, stored: 1, duplicates: 1, rejected: 1, recipientCount: 4 });
    expect((await view(id)).counts.pending).toBe(4);
  });

  it('refuses bad requests with the field and the reason, and changes nothing', async () => {
    const id = await createCampaign();
    const cases: Array<[Promise<any>, number, string | undefined]> = [
      [stack.api.request('POST', '/v1/campaigns', { body: { name: 'x', templateCode: 'NOPE' } }), 400, 'templateCode'],
      [
        stack.api.request('POST', '/v1/campaigns', { body: { name: 'x', templateCode: TEMPLATE.code, scheduledAt: '2001-01-01T00:00:00Z' } }),
        400,
        'scheduledAt',
      ],
      [stack.api.request('POST', '/v1/campaigns', { body: { templateCode: TEMPLATE.code } }), 400, 'name'],
      [upload(id, 'phone,name\n01012345678,x', 'text/csv'), 400, '(header)'],
      [upload(id, '{"to":"x"}', 'application/json'), 400, '(body)'],
      [upload(id, 'hello', 'text/plain'), 415, undefined],
      [act(id, 'start'), 409, undefined],
      [stack.api.request('GET', '/v1/campaigns/not-a-uuid'), 400, 'id'],
      [stack.api.request('GET', '/v1/campaigns/0190f5a6-0000-7000-8000-000000000001'), 404, undefined],
    ];
    for (const [request, status, field] of cases) {
      const response = await request;
      expect({ status: response.status, field: response.body.error?.field }).toEqual({ status, field });
    }
    expect(await stack.api.countNotifications()).toBe(0);
    expect((await view(id)).recipientCount).toBe(0);
    const anonymous = await stack.api.request('GET', `/v1/campaigns/${id}`, { headers: { authorization: '' } });
    expect(anonymous.status).toBe(401);
  });

  it('sends once to every recipient when started twice, and reports completion with counts', async () => {
    const id = await createCampaign();
    await upload(id, csvOf(100, 150), 'text/csv');
    const before = stack.sim.stats().uniqueMessages;
    const [first, second] = await Promise.all([act(id, 'start'), act(id, 'start')]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((await act(id, 'start')).body.error).toMatchObject({ code: 'campaign_state', message: expect.stringMatching(/running|completed/) });

    const done = await untilCampaign(id, 'completed', 30_000);
    expect(done.counts).toMatchObject({ pending: 0, sending: 0, skipped: 0, cancelled: 0 });
    expect(done.counts.sent + done.counts.delivered).toBe(150);
    const stats = stack.sim.stats();
    expect(stats.uniqueMessages - before).toBe(150);
    expect(stats.maxPerSecond).toBeLessThanOrEqual(100);
    await expect(upload(id, csvOf(900, 1), 'text/csv')).resolves.toMatchObject({ status: 409 });
  });

  it('skips suppressed recipients: at expansion, and at send time when suppressed later', async () => {
    const id = await createCampaign();
    await upload(id, csvOf(300, 40), 'text/csv');
    const before = stack.sim.stats().uniqueMessages;
    expect((await stack.api.request('POST', '/v1/suppressions', { body: { phone: phone(300), reason: 'opted out' } })).status).toBe(201);
    // The send queue held while the expander makes the messages: a suppression added then is met at send time.
    await stack.api.sendQueue.pause();
    try {
      await act(id, 'start');
      await eventually(
        async () => ((await rows('select id from notifications where campaign_id = $1', [id])).length === 40 ? true : undefined),
        10_000,
        'the messages to be made',
      );
      await stack.api.request('POST', '/v1/suppressions', { body: { phone: phone(301).replace(/^010/, '+82 10 '), reason: 'removed' } });
    } finally {
      await stack.api.sendQueue.resume();
    }

    const done = await untilCampaign(id, 'completed', 30_000);
    expect(done.counts.skipped).toBe(2);
    expect(stack.sim.stats().uniqueMessages - before).toBe(38);
    const skipped = await rows("select recipient, last_error from notifications where campaign_id = $1 and status = 'skipped'", [id]);
    expect(skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recipient: phone(300).replace(/-/g, ''), last_error: 'recipient suppressed: opted out' }),
        expect.objectContaining({ recipient: phone(301).replace(/-/g, ''), last_error: 'recipient suppressed: removed' }),
      ]),
    );
    expect((await stack.api.request('GET', `/v1/suppressions/${phone(301)}`)).body).toMatchObject({ reason: 'removed' });
    expect((await stack.api.request('DELETE', `/v1/suppressions/${phone(301)}`)).status).toBe(204);
    expect((await stack.api.request('GET', `/v1/suppressions/${phone(301)}`)).status).toBe(404);
  });

  it('cancel mid-way: nothing reaches the vendor after cancel returns, and every row is final', async () => {
    const id = await createCampaign();
    await upload(id, csvOf(400, 300), 'text/csv');
    const before = stack.sim.stats().uniqueMessages;
    await act(id, 'start');
    await eventually(async () => (stack.sim.stats().uniqueMessages - before >= 60 ? true : undefined), 20_000, 'sends to begin');

    const cancelled = await act(id, 'cancel');
    const atReturn = stack.sim.stats().uniqueMessages;
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stack.sim.stats().uniqueMessages).toBe(atReturn);

    const sent = atReturn - before;
    expect(sent).toBeLessThan(300);
    const final = await eventually(
      async () => {
        const current = await view(id);
        return current.counts.sending === 0 && current.counts.sent === 0 ? current : undefined;
      },
      10_000,
      'reports of the sent part',
    );
    expect(final.counts.delivered).toBe(sent);
    expect(final.counts.cancelled).toBe(300 - sent);
    expect(final.counts.pending).toBe(0);
    expect((await act(id, 'resume')).status).toBe(409);
  });

  it('pause holds every unsent message until resume, which sends each once', async () => {
    const id = await createCampaign();
    await upload(id, csvOf(800, 200), 'text/csv');
    const before = stack.sim.stats().uniqueMessages;
    await act(id, 'start');
    await eventually(async () => (stack.sim.stats().uniqueMessages - before >= 30 ? true : undefined), 20_000, 'sends to begin');
    const paused = await act(id, 'pause');
    expect(paused.body.status).toBe('paused');
    // Sends already past the campaign check may land just after; then nothing more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const held = stack.sim.stats().uniqueMessages;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stack.sim.stats().uniqueMessages).toBe(held);
    expect(held - before).toBeLessThan(200);

    await act(id, 'resume');
    const done = await untilCampaign(id, 'completed', 30_000);
    expect(done.counts.sent + done.counts.delivered).toBe(200);
    expect(stack.sim.stats().uniqueMessages - before).toBe(200);
  });

  it('starts a scheduled campaign by itself at its time', async () => {
    const id = await createCampaign({ scheduledAt: new Date(Date.now() + 2500).toISOString() });
    await upload(id, csvOf(1200, 10), 'text/csv');
    expect((await view(id)).counts.pending).toBe(10);
    expect((await view(id)).status).toBe('scheduled');
    const done = await untilCampaign(id, 'completed', 20_000);
    expect(new Date(done.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.scheduledAt).getTime());
    expect(done.counts.sent + done.counts.delivered).toBe(10);
  });

  it("lists and redrives a campaign's dead letters by campaign id", async () => {
    await stack.registerTemplate('CAMPAIGN_DRIFT', '#{name}님, 안내드립니다.');
    stack.sim.approveTemplate('CAMPAIGN_DRIFT', '#{name}님, 안내드립니다!'); // the vendor's copy differs: E106, permanent
    const id = await createCampaign({ templateCode: 'CAMPAIGN_DRIFT', variables: {} });
    await upload(id, csvOf(1500, 3), 'text/csv');
    await act(id, 'start');
    await untilCampaign(id, 'completed');
    const dead = await eventually(
      async () => {
        const listed = (await stack.api.request('GET', `/v1/dlq?campaignId=${id}`)).body;
        return listed.items.length === 3 ? listed.items : undefined;
      },
      10_000,
      'three dead letters',
    );
    expect(dead.every((item: any) => item.campaignId === id && item.code === 'E106')).toBe(true);
    expect((await stack.api.request('GET', '/v1/dlq?campaignId=nope')).body.error.field).toBe('campaignId');

    stack.sim.approveTemplate('CAMPAIGN_DRIFT', '#{name}님, 안내드립니다.');
    expect((await stack.api.request('POST', '/v1/dlq/redrive', { body: { campaignId: id } })).body).toEqual({ redriven: 3, more: false });
    for (const item of dead) await stack.untilStatus(item.id, 'delivered');
  });

  async function rows(text: string, values: unknown[]): Promise<any[]> {
    const pg = await import('pg');
    const pool = new pg.default.Pool({ connectionString: stack.api.config.DATABASE_URL, max: 1 });
    try {
      return (await pool.query(text, values)).rows;
    } finally {
      await pool.end();
    }
  }
});
