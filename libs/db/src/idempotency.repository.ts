import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { idempotencyKeys } from './schema.js';

export type IdempotencyRecord = typeof idempotencyKeys.$inferSelect;

/** Who asks for a key, with which request, and for how long the answer is kept. */
export interface IdempotencyClaim {
  tenantId: string;
  key: string;
  requestHash: string;
  ttlMs: number;
}

/**
 * Names one claim of a key: its created_at in microseconds since the epoch. A
 * request that was taken over (it looked abandoned) still holds the old token, so
 * its late completion or release matches no row instead of overwriting the new
 * owner's. Microseconds, as text, because a JS Date would round to milliseconds.
 */
export type ClaimToken = string;

/** A key re-claimed: `abandoned` when its first request's process died mid-request (else the key had expired). */
export interface TakeOver {
  token: ClaimToken;
  abandoned: boolean;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

const TOKEN = sql`(extract(epoch from created_at) * 1000000)::bigint::text`;
const after = (ms: number) => sql`now() + ${ms}::double precision * interval '1 millisecond'`;
const ago = (ms: number) => sql`now() - ${ms}::double precision * interval '1 millisecond'`;

/**
 * The only code that touches idempotency_keys. Every method is one statement, so
 * each check and its change happen atomically however many API processes run.
 * Times are the database's clock (now()), never a process's.
 */
export class IdempotencyRepository {
  constructor(private readonly db: Database) {}

  /**
   * Claims a key that has no row: the primary key (tenant_id, key) lets exactly one
   * of any number of concurrent claims insert. Undefined when a row exists (live,
   * expired or abandoned: the caller may then try takeOver).
   */
  async claim(claim: IdempotencyClaim): Promise<ClaimToken | undefined> {
    const result = await this.db.execute<{ token: ClaimToken }>(sql`
      insert into idempotency_keys (tenant_id, key, request_hash, state, expires_at)
      values (${claim.tenantId}, ${claim.key}, ${claim.requestHash}, 'in_flight', ${after(claim.ttlMs)})
      on conflict (tenant_id, key) do nothing
      returning ${TOKEN} as token`);
    return result.rows[0]?.token;
  }

  /**
   * Re-claims a row that counts as absent: expired (any request), or in flight for
   * longer than abandonedAfterMs with the same request hash (its process died; a
   * different request must still be told the key is taken). A conditional UPDATE:
   * concurrent takers queue on the row lock and only the first still matches.
   */
  async takeOver(claim: IdempotencyClaim, abandonedAfterMs: number): Promise<TakeOver | undefined> {
    const result = await this.db.execute<{ token: ClaimToken; abandoned: boolean }>(sql`
      with old as (
        select state, expires_at from idempotency_keys
        where tenant_id = ${claim.tenantId} and key = ${claim.key}
        for update
      )
      update idempotency_keys k
      set request_hash = ${claim.requestHash}, state = 'in_flight', response_status = null, response_body = null,
          created_at = now(), expires_at = ${after(claim.ttlMs)}
      from old
      where k.tenant_id = ${claim.tenantId} and k.key = ${claim.key}
        and (old.expires_at <= now()
             or (old.state = 'in_flight' and k.request_hash = ${claim.requestHash}
                 and k.created_at <= ${ago(abandonedAfterMs)}))
      returning ${TOKEN} as token, old.expires_at > now() as abandoned`);
    const row = result.rows[0];
    return row ? { token: row.token, abandoned: row.abandoned } : undefined;
  }

  /** The key's row unless it has expired: an expired row counts as absent. */
  async findLive(tenantId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const [row] = await this.db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key), gt(idempotencyKeys.expiresAt, sql`now()`)))
      .limit(1);
    return row;
  }

  /** Stores the answer of the claim `token`; false when that claim is no longer the row's. */
  async complete(tenantId: string, key: string, token: ClaimToken, response: StoredResponse): Promise<boolean> {
    const result = await this.db.execute(sql`
      update idempotency_keys
      set state = 'done', response_status = ${response.status}, response_body = ${JSON.stringify(response.body ?? null)}::jsonb
      where tenant_id = ${tenantId} and key = ${key} and state = 'in_flight' and ${TOKEN} = ${token}`);
    return result.rowCount === 1;
  }

  /** Forgets the claim `token` so that a retry runs afresh; false when it is no longer the row's. */
  async release(tenantId: string, key: string, token: ClaimToken): Promise<boolean> {
    const result = await this.db.execute(sql`
      delete from idempotency_keys
      where tenant_id = ${tenantId} and key = ${key} and state = 'in_flight' and ${TOKEN} = ${token}`);
    return result.rowCount === 1;
  }

  /**
   * Deletes at most `limit` expired rows and returns how many, so a maintenance job
   * can purge in short transactions. SKIP LOCKED: rows another purge, or a takeover,
   * holds are left for the next batch instead of waited for.
   */
  async deleteExpired(limit: number): Promise<number> {
    const result = await this.db.execute(sql`
      delete from idempotency_keys
      where (tenant_id, key) in (
        select tenant_id, key from idempotency_keys
        where expires_at <= now()
        order by expires_at
        limit ${limit}
        for update skip locked)`);
    return result.rowCount ?? 0;
  }
}
