import { and, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { templates } from './schema.js';

export type Template = typeof templates.$inferSelect;
export type TemplateInput = Pick<Template, 'code' | 'body'> & { failbackBody?: string | null };

/** Templates by (tenant, code): each tenant registers its own. */
export class TemplateRepository {
  constructor(private readonly db: Database) {}

  /** Registering a code again replaces its body: a re-approved template. */
  async upsert(tenantId: string, input: TemplateInput): Promise<Template> {
    const values = { tenantId, code: input.code, body: input.body, failbackBody: input.failbackBody ?? null };
    const [row] = await this.db
      .insert(templates)
      .values(values)
      .onConflictDoUpdate({ target: [templates.tenantId, templates.code], set: { ...values, updatedAt: new Date() } })
      .returning();
    return row!;
  }

  async find(tenantId: string, code: string): Promise<Template | undefined> {
    const [row] = await this.db
      .select()
      .from(templates)
      .where(and(eq(templates.tenantId, tenantId), eq(templates.code, code)))
      .limit(1);
    return row;
  }
}
