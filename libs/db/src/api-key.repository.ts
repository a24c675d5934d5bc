import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { CredentialRole, KeyScope, TenantStatus } from '../../domain/src/index.js';
import type { Database } from './database.js';
import { apiKeys, tenants } from './schema.js';

export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = Pick<ApiKey, 'id' | 'role' | 'tenantId' | 'secretHash' | 'prefix'> & Partial<Pick<ApiKey, 'scopes' | 'description' | 'expiresAt'>>;

/** A key that may authenticate now, with what the API needs of its tenant on every request. */
export interface LiveCredential {
  keyId: string;
  role: CredentialRole;
  scopes: KeyScope[];
  /** When a rotated key stops working; null: until revoked. */
  expiresAt: Date | null;
  tenant: {
    id: string;
    status: TenantStatus;
    apiRatePerSecond: number | null;
    apiRateBurst: number | null;
    dailyQuota: number | null;
    timeZone: string;
  } | null;
}

/**
 * API keys, stored by the SHA-256 of their secret (never the secret). A revoked or
 * expired key is kept, for the listing, but never found by `findLive`.
 */
export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  async create(input: NewApiKey): Promise<ApiKey> {
    const [row] = await this.db.insert(apiKeys).values(input).returning();
    return row!;
  }

  /** Keys named in the environment (HERALD_API_KEYS, HERALD_OPERATOR_KEYS): added once, by hash; an existing row is left as it is. */
  async ensure(inputs: NewApiKey[]): Promise<void> {
    if (inputs.length === 0) return;
    await this.db.insert(apiKeys).values(inputs).onConflictDoNothing();
  }

  async findLive(secretHash: string): Promise<LiveCredential | undefined> {
    const [row] = await this.db
      .select({
        keyId: apiKeys.id,
        role: apiKeys.role,
        scopes: apiKeys.scopes,
        expiresAt: apiKeys.expiresAt,
        tenantId: tenants.id,
        status: tenants.status,
        apiRatePerSecond: tenants.apiRatePerSecond,
        apiRateBurst: tenants.apiRateBurst,
        dailyQuota: tenants.dailyQuota,
        timeZone: tenants.timeZone,
      })
      .from(apiKeys)
      .leftJoin(tenants, eq(tenants.id, apiKeys.tenantId))
      .where(and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt), sql`(${apiKeys.expiresAt} is null or ${apiKeys.expiresAt} > now())`))
      .limit(1);
    if (!row) return undefined;
    const { keyId, role, scopes, expiresAt, tenantId, status, apiRatePerSecond, apiRateBurst, dailyQuota, timeZone } = row;
    return {
      keyId,
      role,
      scopes: scopes as KeyScope[],
      expiresAt,
      tenant: tenantId ? { id: tenantId, status: status!, apiRatePerSecond, apiRateBurst, dailyQuota, timeZone: timeZone! } : null,
    };
  }

  async find(tenantId: string, id: string): Promise<ApiKey | undefined> {
    const [row] = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)))
      .limit(1);
    return row;
  }

  async listOfTenant(tenantId: string): Promise<ApiKey[]> {
    return this.db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  }

  /** Ends a key now; the row stays for the listing. Undefined when it was not live. */
  async revoke(tenantId: string, id: string): Promise<ApiKey | undefined> {
    const [row] = await this.db
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    return row;
  }

  /**
   * Makes `replacement` and lets the old key work `graceSeconds` longer, in one
   * transaction: either both happened or neither. Undefined when the old key is not live.
   */
  async rotate(tenantId: string, id: string, replacement: NewApiKey, graceSeconds: number): Promise<{ old: ApiKey; replacement: ApiKey } | undefined> {
    return this.db.transaction(async (tx) => {
      const [old] = await tx
        .update(apiKeys)
        .set({ expiresAt: sql`least(coalesce(${apiKeys.expiresAt}, 'infinity'), now() + ${graceSeconds} * interval '1 second')` })
        .where(
          and(
            eq(apiKeys.tenantId, tenantId),
            eq(apiKeys.id, id),
            isNull(apiKeys.revokedAt),
            sql`(${apiKeys.expiresAt} is null or ${apiKeys.expiresAt} > now())`,
          ),
        )
        .returning();
      if (!old) return undefined;
      const [made] = await tx
        .insert(apiKeys)
        .values({ ...replacement, scopes: old.scopes, description: old.description })
        .returning();
      return { old, replacement: made! };
    });
  }

  /** Stamps keys used since the last call; a listing shows it to the minute. */
  async touch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(inArray(apiKeys.id, ids));
  }
}
