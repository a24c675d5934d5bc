import { asc, eq, gt } from 'drizzle-orm';
import type { Database } from './database.js';
import { suppressions } from './schema.js';

export type Suppression = typeof suppressions.$inferSelect;

/** Phones campaign messages must not reach. Keyed by the normalized phone. */
export class SuppressionRepository {
  constructor(private readonly db: Database) {}

  /** Suppressing a phone again replaces the reason. */
  async upsert(phone: string, reason: string): Promise<Suppression> {
    const [row] = await this.db.insert(suppressions).values({ phone, reason }).onConflictDoUpdate({ target: suppressions.phone, set: { reason } }).returning();
    return row!;
  }

  async remove(phone: string): Promise<boolean> {
    const removed = await this.db.delete(suppressions).where(eq(suppressions.phone, phone)).returning({ phone: suppressions.phone });
    return removed.length > 0;
  }

  async find(phone: string): Promise<Suppression | undefined> {
    const [row] = await this.db.select().from(suppressions).where(eq(suppressions.phone, phone)).limit(1);
    return row;
  }

  /** Keyset page ordered by phone. */
  async list(after: string | undefined, limit: number): Promise<Suppression[]> {
    return this.db
      .select()
      .from(suppressions)
      .where(after ? gt(suppressions.phone, after) : undefined)
      .orderBy(asc(suppressions.phone))
      .limit(limit);
  }
}
