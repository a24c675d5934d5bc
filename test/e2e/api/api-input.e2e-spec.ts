import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signReportBody } from '../../../libs/vendor/src/index.js';
import { deliveryReport } from '../../support/delivery-report.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

/** Bad input gets a clear 4xx naming the field, and changes nothing (DESIGN.md, invariant 9). */
describe('API input handling', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ MAX_BODY_BYTES: '4096' });
    const created = await api.request('POST', '/v1/templates', {
      body: { code: 'ORDER_SHIPPED', body: '#{name}님, 주문 #{order}이 발송되었습니다.' },
    });
    expect(created.status).toBe(201);
    const named = await api.request('POST', '/v1/templates', { body: { code: 'OBJECT_WORDS', body: '#{name}: #{constructor} #{toString}' } });
    expect(named.status).toBe(201);
  });
  afterAll(() => api.close());

  const validSend = { to: '010-1234-5678', templateCode: 'ORDER_SHIPPED', variables: { name: '김철수', order: 'A-1' } };

  async function expectNothingStored(): Promise<void> {
    expect(await api.countNotifications()).toBe(0);
    expect(await api.countSendJobs()).toBe(0);
  }

  describe('without a valid API key', () => {
    it.each([
      ['no header', {}],
      ['an unknown key', { authorization: 'Bearer not-a-real-key-000000' }],
      ['another scheme', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ])('answers 401 to %s and stores nothing', async (_, headers) => {
      const response = await api.request('POST', '/v1/notifications', {
        body: validSend,
        headers: { authorization: '', ...headers },
      });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
      expect(response.body.error.field).toBe('authorization');
      await expectNothingStored();
    });

    it('guards template and notification reads too', async () => {
      expect((await api.request('GET', '/v1/templates/ORDER_SHIPPED', { headers: { authorization: '' } })).status).toBe(401);
      expect((await api.request('POST', '/v1/templates', { body: { code: 'X', body: 'x' }, headers: { authorization: '' } })).status).toBe(401);
    });
  });

  describe('POST /v1/notifications', () => {
    it("answers 400 to a placeholder named like an Object method that the caller did not give (never the method's text)", async () => {
      const response = await api.request('POST', '/v1/notifications', {
        body: { to: '010-1234-5678', templateCode: 'OBJECT_WORDS', variables: { name: '김철수' } },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('variables.constructor');
      await expectNothingStored();
    });

    it.each([
      ['a landline', { ...validSend, to: '02-123-4567' }, 'to'],
      ['letters in the phone', { ...validSend, to: '010-abcd-5678' }, 'to'],
      ['no phone', { templateCode: 'ORDER_SHIPPED', variables: {} }, 'to'],
      ['a missing variable', { ...validSend, variables: { name: '김철수' } }, 'variables.order'],
      ['an unknown field', { ...validSend, priority: 'high' }, '(body)'],
      ['a non-string variable', { ...validSend, variables: { name: ['x'], order: '1' } }, 'variables.name'],
    ])('answers 400 to %s, naming the field', async (_, body, field) => {
      const response = await api.request('POST', '/v1/notifications', { body });
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe(field);
      expect(response.body.error.message).toEqual(expect.any(String));
      await expectNothingStored();
    });

    it('answers 400 unknown_template for a template Herald does not know', async () => {
      const response = await api.request('POST', '/v1/notifications', { body: { ...validSend, templateCode: 'NOPE' } });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'unknown_template', field: 'templateCode' });
      await expectNothingStored();
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await api.request('POST', '/v1/notifications', { rawBody: '{"to": ' });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
      await expectNothingStored();
    });

    it('answers 413 for a body over the limit', async () => {
      const response = await api.request('POST', '/v1/notifications', {
        body: { ...validSend, variables: { name: 'x'.repeat(5000), order: '1' } },
      });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
      await expectNothingStored();
    });

    it('accepts a valid request with 202, one row and one job whose id is the row id', async () => {
      const response = await api.request('POST', '/v1/notifications', { body: validSend });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'pending' });
      expect(await api.countNotifications()).toBe(1);
      const job = await api.sendQueue.getJob(response.body.id);
      // The recipient travels masked, for operators only; the worker reads the row.
      expect(job?.data).toEqual({ notificationId: response.body.id, leg: 'alimtalk', tenantId: 'default', to: '010****5678', templateCode: 'ORDER_SHIPPED' });
      expect(job?.name).toBe('default · alimtalk → 010****5678');
      const stored = await api.request('GET', `/v1/notifications/${response.body.id}`);
      // Masked: this key has no recipients:read scope.
      expect(stored.body).toMatchObject({ recipient: '010****5678', text: '김철수님, 주문 A-1이 발송되었습니다.', status: 'pending' });
    });
  });

  describe('templates', () => {
    it('rejects a template with an empty body, naming it', async () => {
      const response = await api.request('POST', '/v1/templates', { body: { code: 'EMPTY', body: '' } });
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('body');
    });

    it('answers 404 for an unknown template and 400 for a malformed code', async () => {
      expect((await api.request('GET', '/v1/templates/UNKNOWN')).status).toBe(404);
      expect((await api.request('GET', '/v1/templates/bad%20code')).body.error.field).toBe('code');
    });

    it('returns a registered template', async () => {
      const response = await api.request('GET', '/v1/templates/ORDER_SHIPPED');
      expect(response.body).toMatchObject({ code: 'ORDER_SHIPPED', failbackBody: null });
    });
  });

  describe('GET /v1/notifications/:id', () => {
    it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
      const malformed = await api.request('GET', '/v1/notifications/123');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.field).toBe('id');
      expect((await api.request('GET', '/v1/notifications/0190a000-0000-7000-8000-000000000000')).status).toBe(404);
    });
  });

  describe('POST /v1/vendor/reports', () => {
    const report = deliveryReport();

    it('answers 401 to a bad or missing signature', async () => {
      const raw = JSON.stringify(report);
      const unsigned = await api.request('POST', '/v1/vendor/reports', { rawBody: raw, headers: { authorization: '' } });
      expect(unsigned.status).toBe(401);
      const wrong = await api.request('POST', '/v1/vendor/reports', {
        rawBody: raw,
        headers: { 'x-signature': signReportBody('some-other-secret-value', raw) },
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('bad_signature');
    });

    it('acknowledges a well-signed report at once (the worker applies it later)', async () => {
      const raw = JSON.stringify([report]);
      const response = await api.request('POST', '/v1/vendor/reports', {
        rawBody: raw,
        headers: { 'x-signature': signReportBody(api.config.REPORT_SECRET, raw), authorization: '' },
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ received: 1 });
    });

    it('answers 400 naming the field of a malformed report', async () => {
      const raw = JSON.stringify({ ...report, status: 'maybe' });
      const response = await api.request('POST', '/v1/vendor/reports', {
        rawBody: raw,
        headers: { 'x-signature': signReportBody(api.config.REPORT_SECRET, raw) },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('0.status');
    });
  });

  describe('requests refused before a route runs', () => {
    it('answers 415 to a JSON body sent as text/plain, in the one error shape', async () => {
      const before = await api.countNotifications();
      const response = await api.request('POST', '/v1/notifications', { rawBody: JSON.stringify(validSend), headers: { 'content-type': 'text/plain' } });
      expect(response.status).toBe(415);
      expect(response.body.error).toEqual({ code: 'unsupported_media_type', message: expect.stringContaining('application/json') });
      expect(await api.countNotifications()).toBe(before);
    });

    it('answers 431 to headers larger than Node accepts, in the one error shape', async () => {
      const response = await api.request('GET', '/v1/templates/ORDER_SHIPPED', { headers: { 'x-padding': 'x'.repeat(20_000) } });
      expect(response.status).toBe(431);
      expect(response.body.error).toEqual({ code: 'headers_too_large', message: expect.any(String) });
    });
  });
});
