import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { requestHash } from '../../../apps/api/src/idempotency/request-hash.js';
import { v7 as uuidv7 } from 'uuid';
import { DATABASE, IdempotencyRepository, NotificationRepository, type DatabaseHandle } from '../../../libs/db/src/index.js';
import { freePort } from '../../../libs/devstack/src/index.js';
import type { JsonResponse } from '../../support/http.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';

const DAY_S = 24 * 60 * 60;

/** A producer's retry must not become a second message (DESIGN.md, invariant 2). */
describe('Idempotency-Key', () => {
  let api: TestApi;
  let keys: IdempotencyRepository;
  let notifications: NotificationRepository;
  let database: DatabaseHandle;
  const otherApiKey = `other-key-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    api = await startTestApi({ HERALD_API_KEYS: `first-key-${randomBytes(12).toString('hex')},${otherApiKey}` });
    keys = api.app.get(IdempotencyRepository);
    notifications = api.app.get(NotificationRepository);
    database = api.app.get<DatabaseHandle>(DATABASE);
    expect((await api.request('POST', '/v1/templates', { body: { code: 'ORDER_SHIPPED', body: '#{name}님, 주문 #{order} 발송' } })).status).toBe(201);
  });
  afterAll(() => api.close());

  const validSend = { to: '010-1234-5678', templateCode: 'ORDER_SHIPPED', variables: { name: '김철수', order: 'A-1' } };
  const newKey = () => `order-${randomUUID()}`;

  function send(key: string | undefined, body: unknown = validSend, headers: Record<string, string> = {}, target: TestApi = api) {
    return target.request('POST', '/v1/notifications', { body, headers: { ...(key === undefined ? {} : { 'idempotency-key': key }), ...headers } });
  }
  const replayed = (response: JsonResponse) => response.headers.get('idempotent-replayed') === 'true';
  const keyRows = async () => Number((await database.pool.query('select count(*) from idempotency_keys')).rows[0].count);
  async function stored(): Promise<{ notifications: number; jobs: number; keys: number }> {
    return { notifications: await api.countNotifications(), jobs: await api.countSendJobs(), keys: await keyRows() };
  }
  /** A claim made directly, as another API process in the middle of the request would hold it. */
  const claimAsInFlight = (key: string, body: unknown = validSend) =>
    keys.claim({ tenantId: 'default', key, requestHash: requestHash('POST', '/v1/notifications', body), ttlMs: DAY_S * 1000 });
  const backdate = (key: string, column: 'created_at' | 'expires_at', seconds: number) =>
    database.pool.query(`update idempotency_keys set ${column} = ${column} - make_interval(secs => $2) where key = $1`, [key, seconds]);

  describe('a retry with the same key and body', () => {
    it('gets the first answer again, marked as replayed, and stores no second row or job', async () => {
      const before = await stored();
      const key = newKey();
      const first = await send(key);
      expect(first.status).toBe(202);
      expect(replayed(first)).toBe(false);
      // The same JSON with its keys in another order is the same request.
      const reordered = { variables: { order: 'A-1', name: '김철수' }, templateCode: 'ORDER_SHIPPED', to: '010-1234-5678' };
      for (const body of [validSend, reordered]) {
        const retry = await send(key, body);
        expect(retry.status).toBe(202);
        expect(retry.body).toEqual(first.body);
        expect(replayed(retry)).toBe(true);
      }
      expect(await stored()).toEqual({ notifications: before.notifications + 1, jobs: before.jobs + 1, keys: before.keys + 1 });
    });

    it('replays the 201 of POST /v1/templates with the same body', async () => {
      const key = newKey();
      const template = { code: `T_${randomBytes(4).toString('hex')}`, body: 'hello #{name}' };
      const first = await api.request('POST', '/v1/templates', { body: template, headers: { 'idempotency-key': key } });
      expect(first.status).toBe(201);
      const retry = await api.request('POST', '/v1/templates', { body: template, headers: { 'idempotency-key': key } });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(replayed(retry)).toBe(true);
    });

    it('replays a 4xx too: the answer to a key is final, even once the cause is fixed', async () => {
      const before = await stored();
      const key = newKey();
      const body = { ...validSend, templateCode: 'NOT_YET' };
      const first = await send(key, body);
      expect(first.status).toBe(400);
      expect(first.body.error).toMatchObject({ code: 'unknown_template', field: 'templateCode' });
      await api.request('POST', '/v1/templates', { body: { code: 'NOT_YET', body: '#{name} #{order}' } });
      const retry = await send(key, body);
      expect(retry.status).toBe(400);
      expect(retry.body).toEqual(first.body);
      expect(replayed(retry)).toBe(true);
      expect((await stored()).notifications).toBe(before.notifications);
      expect((await send(newKey(), body)).status).toBe(202);
    });

    it('replays a 400 from body validation', async () => {
      const key = newKey();
      const first = await send(key, { ...validSend, to: '02-123-4567' });
      expect(first.status).toBe(400);
      expect(first.body.error.field).toBe('to');
      const retry = await send(key, { ...validSend, to: '02-123-4567' });
      expect([retry.status, retry.body, replayed(retry)]).toEqual([400, first.body, true]);
    });
  });

  describe('the same key with a different request', () => {
    it('answers 422 idempotency_key_reused to another body and stores nothing', async () => {
      const key = newKey();
      const first = await send(key);
      const before = await stored();
      const other = await send(key, { ...validSend, to: '010-9876-5432' });
      expect(other.status).toBe(422);
      expect(other.body.error).toEqual({ code: 'idempotency_key_reused', message: expect.any(String), field: 'idempotency-key' });
      expect(await stored()).toEqual(before);
      // The key still names the first request.
      expect((await send(key)).body).toEqual(first.body);
    });

    it('answers 422 when the key is reused on another route', async () => {
      const key = newKey();
      expect((await send(key)).status).toBe(202);
      const template = await api.request('POST', '/v1/templates', { body: { code: 'OTHER', body: 'x' }, headers: { 'idempotency-key': key } });
      expect(template.status).toBe(422);
      expect((await api.request('GET', '/v1/templates/OTHER')).status).toBe(404);
    });
  });

  describe('while the first request is in flight', () => {
    it('answers 409 idempotency_key_in_flight to the same request, 422 to another', async () => {
      const key = newKey();
      expect(await claimAsInFlight(key)).toBeDefined();
      const before = await stored();
      const retry = await send(key);
      expect(retry.status).toBe(409);
      expect(retry.body.error).toMatchObject({ code: 'idempotency_key_in_flight', field: 'idempotency-key' });
      expect((await send(key, { ...validSend, ref: 'other' })).status).toBe(422);
      expect(await stored()).toEqual(before);
    });

    it('runs exactly one of two concurrent requests; the other gets 409 or the replay', async () => {
      for (let pair = 0; pair < 5; pair += 1) {
        const before = await stored();
        const key = newKey();
        const responses = await Promise.all([send(key), send(key)]);
        const ran = responses.filter((response) => response.status === 202 && !replayed(response));
        expect(ran).toHaveLength(1);
        for (const response of responses.filter((r) => r !== ran[0])) {
          if (response.status === 202) expect(response.body).toEqual(ran[0]!.body);
          else expect(response.body.error.code).toBe('idempotency_key_in_flight');
        }
        expect(await stored()).toEqual({ notifications: before.notifications + 1, jobs: before.jobs + 1, keys: before.keys + 1 });
      }
    });

    it('runs exactly one of many concurrent requests spread over two API processes', async () => {
      const second = await startTestApi({
        DATABASE_URL: api.config.DATABASE_URL,
        QUEUE_PREFIX: api.config.QUEUE_PREFIX,
        HERALD_API_KEYS: api.config.HERALD_API_KEYS.join(','),
      });
      try {
        const before = await stored();
        const key = newKey();
        const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => send(key, validSend, {}, i % 2 === 0 ? api : second)));
        const ran = responses.filter((response) => response.status === 202 && !replayed(response));
        expect(ran).toHaveLength(1);
        expect(responses.every((r) => r.status === 409 || (r.status === 202 && r.body.id === ran[0]!.body.id))).toBe(true);
        expect(await stored()).toEqual({ notifications: before.notifications + 1, jobs: before.jobs + 1, keys: before.keys + 1 });
      } finally {
        await second.close();
      }
    });

    it('answers 409 while a slow first request runs, and its answer once it is done', async () => {
      // With Redis unreachable the enqueue waits ENQUEUE_TIMEOUT_MS, then answers 202 anyway.
      const slow = await startTestApi({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, ENQUEUE_TIMEOUT_MS: '2500' });
      try {
        await slow.request('POST', '/v1/templates', { body: { code: 'ORDER_SHIPPED', body: '#{name} #{order}' } });
        const key = newKey();
        const started = Date.now();
        const firstPending = send(key, validSend, {}, slow);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const during = await send(key, validSend, {}, slow);
        expect(Date.now() - started).toBeLessThan(2500); // really during the first one
        expect(during.status).toBe(409);
        const first = await firstPending;
        expect([first.status, replayed(first)]).toEqual([202, false]);
        const after = await send(key, validSend, {}, slow);
        expect([after.status, after.body, replayed(after)]).toEqual([202, first.body, true]);
        expect(await slow.countNotifications()).toBe(1);
      } finally {
        await slow.close();
      }
    });
  });

  describe('scoping', () => {
    it('keeps the keys of two tenants apart', async () => {
      const key = newKey();
      const other = await api.createTenant('idem-other');
      await other.request('POST', '/v1/templates', { body: { code: 'ORDER_SHIPPED', body: '#{name}님, 주문 #{order} 발송' } });
      const asOther = { authorization: `Bearer ${other.key}` };
      const mine = await send(key);
      const theirs = await send(key, validSend, asOther);
      expect([theirs.status, replayed(theirs)]).toEqual([202, false]);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect((await send(key)).body.id).toBe(mine.body.id);
      expect((await send(key, validSend, asOther)).body.id).toBe(theirs.body.id);
      // A different body under the other tenant is its own business.
      expect((await send(newKey(), { ...validSend, ref: 'x' }, asOther)).status).toBe(202);
    });

    it("shares them between one tenant's keys: a retry with a rotated key's replacement is a retry", async () => {
      const key = newKey();
      const mine = await send(key);
      const again = await send(key, validSend, { authorization: `Bearer ${otherApiKey}` });
      expect([again.status, replayed(again), again.body.id]).toEqual([202, true, mine.body.id]);
    });

    it('stores the tenant id, never the API key', async () => {
      const key = newKey();
      await send(key);
      const { rows } = await database.pool.query('select * from idempotency_keys where key = $1', [key]);
      expect(rows.map((row) => row.tenant_id)).toEqual(['default']);
      expect(JSON.stringify(rows)).not.toContain(api.apiKey);
    });

    it('checks the API key before the Idempotency-Key', async () => {
      const before = await stored();
      const response = await send(newKey(), validSend, { authorization: 'Bearer not-a-real-key-000000' });
      expect(response.status).toBe(401);
      expect(await stored()).toEqual(before);
    });
  });

  describe('a first request that did not finish', () => {
    it('releases the key after a 5xx, so a retry runs', async () => {
      // Postgres refuses this one recipient, so the handler fails with a 500.
      await database.pool.query(`alter table notifications add constraint refuse_one check (recipient <> '01099990000') not valid`);
      const key = newKey();
      const body = { ...validSend, to: '010-9999-0000' };
      try {
        const failed = await send(key, body);
        expect(failed.status).toBe(500);
        expect((await database.pool.query('select 1 from idempotency_keys where key = $1', [key])).rowCount).toBe(0);
      } finally {
        await database.pool.query('alter table notifications drop constraint refuse_one');
      }
      const before = await stored();
      const retry = await send(key, body);
      expect([retry.status, replayed(retry)]).toEqual([202, false]);
      expect((await stored()).notifications).toBe(before.notifications + 1);
    });

    it('takes over a claim in flight for more than 60 s (its process died)', async () => {
      const key = newKey();
      await claimAsInFlight(key);
      await backdate(key, 'created_at', 61);
      const before = await stored();
      const response = await send(key);
      expect([response.status, replayed(response)]).toEqual([202, false]);
      expect((await send(key)).body).toEqual(response.body);
      expect((await stored()).notifications).toBe(before.notifications + 1);
    });

    describe("when the first request's process died after its rows were committed, before its answer was recorded", () => {
      /** What the dead process left: its claim, in flight, and the rows it stored under the key (without their jobs). */
      async function leftBehind(key: string, body: unknown, count: number): Promise<string[]> {
        await keys.claim({
          tenantId: 'default',
          key,
          requestHash: requestHash('POST', body === validSend ? '/v1/notifications' : '/v1/notifications/batch', body),
          ttlMs: DAY_S * 1000,
        });
        const rows = await notifications.insertPendingMany(
          Array.from({ length: count }, () => ({
            id: uuidv7(),
            tenantId: 'default',
            recipient: '01012345678',
            templateCode: 'ORDER_SHIPPED',
            variables: validSend.variables,
            text: '김철수님, 주문 A-1 발송',
            requestKey: `default/${key}`,
          })),
          'api',
        );
        await backdate(key, 'created_at', 61);
        return rows.map((row) => row.id);
      }

      it("answers a single send's retry with the row already stored, and stores none again", async () => {
        const key = newKey();
        const [id] = await leftBehind(key, validSend, 1);
        const before = await stored();
        const retry = await send(key);
        expect(retry.status).toBe(202);
        expect(retry.body).toEqual({ id, status: 'pending' });
        // No second row; the job the crash may have lost is queued (its id is the row's, so never twice).
        expect(await stored()).toEqual({ ...before, jobs: before.jobs + 1 });
        expect((await send(key)).body).toEqual(retry.body);
      });

      it("answers a batch's retry with the rows already stored, in order", async () => {
        const key = newKey();
        const body = { notifications: [validSend, { ...validSend, to: '010-2222-3333' }] };
        const ids = await leftBehind(key, body, 2);
        const before = await api.countNotifications();
        const retry = await api.request('POST', '/v1/notifications/batch', { body, headers: { 'idempotency-key': key } });
        expect(retry.status).toBe(202);
        expect(retry.body.notifications.map((item: { id: string }) => item.id)).toEqual(ids);
        expect(await api.countNotifications()).toBe(before);
      });
    });

    it('does not let another request take over an abandoned claim', async () => {
      const key = newKey();
      await claimAsInFlight(key);
      await backdate(key, 'created_at', 61);
      expect((await send(key, { ...validSend, ref: 'other' })).status).toBe(422);
    });

    it('does not take over a claim in flight for less than 60 s', async () => {
      const key = newKey();
      await claimAsInFlight(key);
      await backdate(key, 'created_at', 50);
      expect((await send(key)).status).toBe(409);
    });
  });

  describe('expiry', () => {
    it('treats an expired key as unused, and deleteExpired removes expired rows', async () => {
      const key = newKey();
      const old = await send(key, { ...validSend, ref: 'yesterday' });
      await backdate(key, 'expires_at', DAY_S + 1);
      const fresh = await send(key); // another body: no 422, the old answer is gone
      expect([fresh.status, replayed(fresh)]).toEqual([202, false]);
      expect(fresh.body.id).not.toBe(old.body.id);

      const leftover = newKey();
      await send(leftover);
      await backdate(leftover, 'expires_at', DAY_S + 1);
      const live = await keyRows();
      expect(await keys.deleteExpired(1000)).toBeGreaterThanOrEqual(1);
      expect((await database.pool.query('select 1 from idempotency_keys where key = $1', [leftover])).rowCount).toBe(0);
      expect(await keyRows()).toBe(live - 1);
      expect((await send(key)).body.id).toBe(fresh.body.id);
    });
  });

  describe('the header', () => {
    it.each([
      ['empty', ''],
      ['over 200 characters', 'k'.repeat(201)],
      ['not ASCII', 'clé-1'],
      ['a control character', 'a\tb'],
    ])('answers 400 naming idempotency-key when it is %s, and stores nothing', async (_, value) => {
      const before = await stored();
      const response = await send(value);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'idempotency-key' });
      expect(await stored()).toEqual(before);
    });

    it('accepts 200 printable ASCII characters, spaces included', async () => {
      const key = `${newKey()} ~!@#$%^&*()`.padEnd(200, 'x');
      expect((await send(key)).status).toBe(202);
      expect(replayed(await send(key))).toBe(true);
    });

    it('is optional: without it every request runs, as before', async () => {
      const before = await stored();
      const [a, b] = [await send(undefined), await send(undefined)];
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(a.body.id).not.toBe(b.body.id);
      expect(a.headers.get('idempotent-replayed')).toBeNull();
      expect(await stored()).toEqual({ notifications: before.notifications + 2, jobs: before.jobs + 2, keys: before.keys });
    });
  });
});
