import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { tenants } from './schema.js';

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = Pick<Tenant, 'id' | 'name'> & Partial<TenantSettings>;
/** What an operator may change on a tenant after it is made. */
export type TenantSettings = Pick<Tenant, 'name' | 'status' | 'apiRatePerSecond' | 'apiRateBurst' | 'dailyQuota' | 'timeZone' | 'weight' | 'senderKey'>;

export class TenantRepository {
  constructor(private readonly db: Database) {}

  /** Undefined when the id is taken. */
  async create(input: NewTenant): Promise<Tenant | undefined> {
    const [row] = await this.db.insert(tenants).values(input).onConflictDoNothing().returning();
    return row;
  }

  async find(id: string): Promise<Tenant | undefined> {
    const [row] = await this.db.select().from(tenants).where(eq(tenants.id, id)).limit(1);
    return row;
  }

  async list(): Promise<Tenant[]> {
    return this.db.select().from(tenants).orderBy(asc(tenants.id));
  }

  async update(id: string, changes: Partial<TenantSettings>): Promise<Tenant | undefined> {
    const [row] = await this.db
      .update(tenants)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(tenants.id, id))
      .returning();
    return row;
  }
}
