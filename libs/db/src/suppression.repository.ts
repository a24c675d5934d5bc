import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { operatorSuppressions, suppressions } from './schema.js';

export type Suppression = { phone: string; reason: string; createdAt: Date };

/** Whose list: a tenant's own opt-outs, or the operators' list that applies to every tenant. */
export type SuppressionList = { tenantId: string } | 'operator';

/**
 * Phones campaign messages must not reach, keyed by the normalized phone. A campaign
 * skips a phone on its tenant's list or on the operators' list.
 */
export class SuppressionRepository {
  constructor(private readonly db: Database) {}

  /** Suppressing a phone again replaces the reason. */
  async upsert(list: SuppressionList, phone: string, reason: string): Promise<Suppression> {
    const [row] =
      list === 'operator'
        ? await this.db
            .insert(operatorSuppressions)
            .values({ phone, reason })
            .onConflictDoUpdate({ target: operatorSuppressions.phone, set: { reason } })
            .returning()
        : await this.db
            .insert(suppressions)
            .values({ tenantId: list.tenantId, phone, reason })
            .onConflictDoUpdate({ target: [suppressions.tenantId, suppressions.phone], set: { reason } })
            .returning();
    return view(row!);
  }

  async remove(list: SuppressionList, phone: string): Promise<boolean> {
    const removed =
      list === 'operator'
        ? await this.db.delete(operatorSuppressions).where(eq(operatorSuppressions.phone, phone)).returning({ phone: operatorSuppressions.phone })
        : await this.db
            .delete(suppressions)
            .where(and(eq(suppressions.tenantId, list.tenantId), eq(suppressions.phone, phone)))
            .returning({ phone: suppressions.phone });
    return removed.length > 0;
  }

  async find(list: SuppressionList, phone: string): Promise<Suppression | undefined> {
    return (await this.page(list, { phone }, 1))[0];
  }

  /** Keyset page ordered by phone. */
  async list(list: SuppressionList, after: string | undefined, limit: number): Promise<Suppression[]> {
    return this.page(list, { after }, limit);
  }

  private async page(list: SuppressionList, where: { phone?: string; after?: string }, limit: number): Promise<Suppression[]> {
    const table = list === 'operator' ? operatorSuppressions : suppressions;
    const conditions = [
      list === 'operator' ? undefined : eq(suppressions.tenantId, list.tenantId),
      where.phone === undefined ? undefined : eq(table.phone, where.phone),
      where.after === undefined ? undefined : gt(table.phone, where.after),
    ];
    const rows = await this.db
      .select({ phone: table.phone, reason: table.reason, createdAt: table.createdAt })
      .from(table)
      .where(and(...conditions))
      .orderBy(asc(table.phone))
      .limit(limit);
    return rows.map(view);
  }
}

const view = (row: Suppression): Suppression => ({ phone: row.phone, reason: row.reason, createdAt: row.createdAt });

/**
 * The reason a campaign message to `phone` (an SQL expression) of `tenantId` (another)
 * is skipped, or null: its tenant's list first, then the operators'.
 */
export const suppressionReason = (tenantId: ReturnType<typeof sql>, phone: ReturnType<typeof sql>) => sql`coalesce(
  (select s.reason from suppressions s where s.tenant_id = ${tenantId} and s.phone = ${phone}),
  (select o.reason from operator_suppressions o where o.phone = ${phone}))`;
