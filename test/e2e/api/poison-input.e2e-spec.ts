import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deliveryReport } from '../../support/delivery-report.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

/**
 * One bad input never fails another's request: what Postgres cannot store is refused at
 * the edge with a 400 naming the field, before it reaches a statement shared with
 * other requests (concurrent single sends share one INSERT).
 */
describe('input Postgres cannot store', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
    expect((await api.request('POST', '/v1/templates', { body: { code: 'POISON', body: '#{name}님 안녕하세요' } })).status).toBe(201);
  });
  afterAll(() => api.close());

  const send = (name: string, to = '010-1234-5678') => ({ to, templateCode: 'POISON', variables: { name } });

  it.each([
    ['a NUL in a variable', send('a\u0000b'), 'variables.name'],
    ['a lone surrogate in a variable', send('a\ud800'), 'variables.name'],
    ['a NUL in the ref', { ...send('x'), ref: 'r\u0000' }, 'ref'],
  ])('answers 400 to %s, naming the field, and stores nothing', async (_, body, field) => {
    const before = await api.countNotifications();
    const response = await api.request('POST', '/v1/notifications', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
    expect(await api.countNotifications()).toBe(before);
  });

  it('fails the one bad request alone among 50 concurrent producers', async () => {
    const before = await api.countNotifications();
    const bodies = Array.from({ length: 50 }, (_, index) => (index === 17 ? send('bad\u0000') : send(`고객${index}`, `010-5555-${String(1000 + index)}`)));
    const answers = await Promise.all(bodies.map((body) => api.request('POST', '/v1/notifications', { body })));
    expect(answers.map((answer) => answer.status)).toEqual(bodies.map((_, index) => (index === 17 ? 400 : 202)));
    expect(await api.countNotifications()).toBe(before + 49);
  });

  it('refuses a signed report carrying a NUL with 400, and applies a clean one beside it', async () => {
    const report = (code: string) => JSON.stringify(deliveryReport({ code }));
    const [poisoned, clean] = await Promise.all([api.postReport(report('R\u0000')), api.postReport(report('R000'))]);
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.error.field).toBe('code');
    expect(clean.status).toBe(200);
  });

  it('rejects the one bad row of a recipient upload and stores the others', async () => {
    const created = await api.request('POST', '/v1/campaigns', { body: { name: 'poison', templateCode: 'POISON' } });
    expect(created.status).toBe(201);
    const csv = ['to,name', '010-7000-0001,가', '010-7000-0002,나\u0000', '010-7000-0003,다'].join('\n');
    const upload = await api.request('POST', `/v1/campaigns/${created.body.id}/recipients`, { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(upload.status).toBe(200);
    expect(upload.body).toMatchObject({ received: 3, stored: 2, rejected: 1, errors: [{ row: 2, field: 'variables.name' }] });
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 10000 written out', '+010000-01-01T00:00:00Z'],
  ])('answers 400 to a dead-letter filter time in %s', async (_, since) => {
    const response = await api.request('GET', `/v1/dlq?since=${encodeURIComponent(since)}`);
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('since');
  });
});
