import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { webhookSubscriptions } from './schema.js';

export type WebhookSubscription = typeof webhookSubscriptions.$inferSelect;
export type NewWebhookSubscription = Pick<WebhookSubscription, 'id' | 'tenantId' | 'url' | 'events' | 'sealedSecret'> &
  Partial<Pick<WebhookSubscription, 'description' | 'maxPerSecond' | 'batchMaxSize' | 'batchMaxWaitMs'>>;
export type WebhookSubscriptionChanges = Partial<
  Pick<WebhookSubscription, 'url' | 'events' | 'description' | 'status' | 'maxPerSecond' | 'batchMaxSize' | 'batchMaxWaitMs'>
>;

/** A tenant's webhook subscriptions; every lookup is by (tenant, id), so another tenant's is never found. */
export class WebhookSubscriptionRepository {
  constructor(private readonly db: Database) {}

  /** Undefined when the tenant already has a subscription to this URL. */
  async create(input: NewWebhookSubscription): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db.insert(webhookSubscriptions).values(input).onConflictDoNothing().returning();
    return row;
  }

  async find(tenantId: string, id: string): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db
      .select()
      .from(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.id, id)))
      .limit(1);
    return row;
  }

  async list(tenantId: string): Promise<WebhookSubscription[]> {
    return this.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.tenantId, tenantId)).orderBy(asc(webhookSubscriptions.id));
  }

  /** Undefined when not found; 'duplicate' when the new URL is another of the tenant's subscriptions. */
  async update(tenantId: string, id: string, changes: WebhookSubscriptionChanges): Promise<WebhookSubscription | undefined | 'duplicate'> {
    try {
      const [row] = await this.db
        .update(webhookSubscriptions)
        .set({ ...changes, updatedAt: sql`now()` })
        .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.id, id)))
        .returning();
      return row;
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code === '23505') return 'duplicate';
      throw error;
    }
  }

  /** The new secret signs from now; the old one beside it until `overlapSeconds` from now. */
  async rotateSecret(tenantId: string, id: string, sealedSecret: string, overlapSeconds: number): Promise<WebhookSubscription | undefined> {
    const [row] = await this.db
      .update(webhookSubscriptions)
      .set({
        sealedPreviousSecret: sql`${webhookSubscriptions.sealedSecret}`,
        previousSecretUntil: sql`now() + ${overlapSeconds} * interval '1 second'`,
        sealedSecret,
        updatedAt: sql`now()`,
      })
      .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.id, id)))
      .returning();
    return row;
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    const removed = await this.db
      .delete(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.tenantId, tenantId), eq(webhookSubscriptions.id, id)))
      .returning({ id: webhookSubscriptions.id });
    return removed.length > 0;
  }
}
