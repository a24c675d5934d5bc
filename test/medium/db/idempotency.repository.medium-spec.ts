import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../../support/test-database.js';
import { connectDatabase, type DatabaseHandle } from '../../../libs/db/src/database.js';
import { IdempotencyRepository, type IdempotencyClaim } from '../../../libs/db/src/idempotency.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('IdempotencyRepository against Postgres', () => {
  let handle: DatabaseHandle;
  let keys: IdempotencyRepository;

  beforeAll(async () => {
    handle = connectDatabase(await createTestDatabase(), 10);
    keys = new IdempotencyRepository(handle.db);
  });
  afterAll(() => handle.close());

  const newClaim = (overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim => ({
    tenantId: 'producer-a',
    key: randomUUID(),
    requestHash: 'hash-1',
    ttlMs: DAY_MS,
    ...overrides,
  });
  const backdate = (claim: IdempotencyClaim, column: 'created_at' | 'expires_at', seconds: number) =>
    handle.pool.query(`update idempotency_keys set ${column} = ${column} - make_interval(secs => $3) where tenant_id = $1 and key = $2`, [
      claim.tenantId,
      claim.key,
      seconds,
    ]);

  it('lets exactly one of many concurrent claims of a key through', async () => {
    const claim = newClaim();
    const tokens = await Promise.all(Array.from({ length: 8 }, () => keys.claim(claim)));
    expect(tokens.filter(Boolean)).toHaveLength(1);
    expect(await keys.findLive(claim.tenantId, claim.key)).toMatchObject({ state: 'in_flight', requestHash: 'hash-1' });
  });

  it('scopes keys to the API key', async () => {
    const claim = newClaim();
    expect(await keys.claim(claim)).toBeDefined();
    expect(await keys.claim({ ...claim, tenantId: 'producer-b' })).toBeDefined();
  });

  it('stores the answer of the current claim, and not of a claim that was taken over', async () => {
    const claim = newClaim();
    const first = (await keys.claim(claim))!;
    await backdate(claim, 'created_at', 61);
    const second = await keys.takeOver(claim, 60_000);
    // Abandoned (its process died mid-request), not expired: the retry looks for what it stored.
    expect(second).toEqual({ token: expect.any(String), abandoned: true });
    expect(second!.token).not.toBe(first);
    expect(await keys.complete(claim.tenantId, claim.key, first, { status: 202, body: { id: 'late' } })).toBe(false);
    expect(await keys.release(claim.tenantId, claim.key, first)).toBe(false);
    expect(await keys.complete(claim.tenantId, claim.key, second!.token, { status: 202, body: { id: 'x' } })).toBe(true);
    expect(await keys.findLive(claim.tenantId, claim.key)).toMatchObject({ state: 'done', responseStatus: 202, responseBody: { id: 'x' } });
  });

  it('takes over neither a fresh claim, nor a done one, nor an abandoned one for another request', async () => {
    const fresh = newClaim();
    await keys.claim(fresh);
    expect(await keys.takeOver(fresh, 60_000)).toBeUndefined();

    const done = newClaim();
    const token = (await keys.claim(done))!;
    await keys.complete(done.tenantId, done.key, token, { status: 201, body: {} });
    await backdate(done, 'created_at', 3600);
    expect(await keys.takeOver(done, 60_000)).toBeUndefined();

    const abandoned = newClaim();
    await keys.claim(abandoned);
    await backdate(abandoned, 'created_at', 61);
    expect(await keys.takeOver({ ...abandoned, requestHash: 'hash-2' }, 60_000)).toBeUndefined();
  });

  it('lets exactly one of many concurrent takeovers of an abandoned claim through', async () => {
    const claim = newClaim();
    await keys.claim(claim);
    await backdate(claim, 'created_at', 61);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => keys.takeOver(claim, 60_000)));
    expect(tokens.filter(Boolean)).toHaveLength(1);
  });

  it('treats an expired row as absent: not found, and taken over by any request', async () => {
    const claim = newClaim();
    const token = (await keys.claim(claim))!;
    await keys.complete(claim.tenantId, claim.key, token, { status: 202, body: { id: 'old' } });
    await backdate(claim, 'expires_at', DAY_MS / 1000 + 1);
    expect(await keys.findLive(claim.tenantId, claim.key)).toBeUndefined();
    expect(await keys.claim(claim)).toBeUndefined(); // the row is still there until purged
    // Expired, not abandoned: a new request under an old key runs afresh.
    expect(await keys.takeOver({ ...claim, requestHash: 'hash-2' }, 60_000)).toEqual({ token: expect.any(String), abandoned: false });
    expect(await keys.findLive(claim.tenantId, claim.key)).toMatchObject({ state: 'in_flight', requestHash: 'hash-2', responseBody: null });
  });

  it('releases a claim so the key can be claimed again', async () => {
    const claim = newClaim();
    const token = (await keys.claim(claim))!;
    expect(await keys.release(claim.tenantId, claim.key, token)).toBe(true);
    expect(await keys.findLive(claim.tenantId, claim.key)).toBeUndefined();
    expect(await keys.claim(claim)).toBeDefined();
  });

  it('deletes expired rows in batches of at most the limit, and only expired ones', async () => {
    await handle.pool.query('delete from idempotency_keys');
    const expired = [newClaim(), newClaim(), newClaim()];
    for (const claim of expired) {
      await keys.claim(claim);
      await backdate(claim, 'expires_at', DAY_MS / 1000 + 1);
    }
    const live = newClaim();
    await keys.claim(live);
    expect(await keys.deleteExpired(2)).toBe(2);
    expect(await keys.deleteExpired(2)).toBe(1);
    expect(await keys.deleteExpired(2)).toBe(0);
    expect(await keys.findLive(live.tenantId, live.key)).toBeDefined();
  });
});
