import { asc, eq, sql } from 'drizzle-orm';
import { allowedSources, type NotificationStatus } from '../../domain/src/notification-status.js';
import type { Database } from './database.js';
import { notificationEvents, notifications } from './schema.js';

export type Notification = typeof notifications.$inferSelect;
export type NotificationEvent = typeof notificationEvents.$inferSelect;
export type NewNotification = Pick<Notification, 'id' | 'recipient' | 'templateCode' | 'variables' | 'text'> &
  Partial<Pick<Notification, 'ref' | 'failbackText' | 'failbackTitle' | 'failbackChannel'>>;

export interface Transition {
  to: NotificationStatus;
  actor: string;
  code?: string | null;
  detail?: string | null;
  /** Count this transition as a new send attempt. */
  countAttempt?: boolean;
  vendorMsgKey?: string;
  /** Only move the row if its vendor message key is unset or equals this one. */
  expectMsgKey?: string;
}

// Raw rows from the CTE statements below, mapped to the same shape drizzle returns.
const RETURNING = sql.raw(`
  n.id, n.ref, n.recipient, n.template_code as "templateCode", n.variables, n.text, n.channel,
  n.failback_text as "failbackText", n.failback_title as "failbackTitle", n.failback_channel as "failbackChannel",
  n.status, n.attempts, n.vendor_msg_key as "vendorMsgKey", n.last_code as "lastCode",
  n.last_error as "lastError", n.created_at as "createdAt", n.updated_at as "updatedAt"`);

/**
 * The only writer of notifications. Each status change is one statement: a
 * conditional UPDATE (WHERE status is a legal source) and its history row, in a
 * data-modifying CTE, so the change and its record commit or fail together in one
 * round trip.
 */
export class NotificationRepository {
  constructor(private readonly db: Database) {}

  async insertPending(input: NewNotification, actor: string): Promise<Notification> {
    const result = await this.db.execute<Notification>(sql`
      with n as (
        insert into notifications (id, ref, recipient, template_code, variables, text,
                                   failback_text, failback_title, failback_channel)
        values (${input.id}, ${input.ref ?? null}, ${input.recipient}, ${input.templateCode},
                ${JSON.stringify(input.variables)}::jsonb, ${input.text},
                ${input.failbackText ?? null}, ${input.failbackTitle ?? null}, ${input.failbackChannel ?? null})
        returning *
      ), event as (
        insert into notification_events (notification_id, to_status, actor)
        select id, 'pending', ${actor} from n
      )
      select ${RETURNING} from n`);
    return result.rows[0]!;
  }

  /**
   * Applies a state-machine transition if the row is in a legal source state.
   * Returns the moved row, or undefined when the row does not exist or may not
   * make this move (already final, moved by someone else): the caller decides.
   */
  async transition(id: string, change: Transition): Promise<Notification | undefined> {
    const sources = allowedSources(change.to);
    const msgKeyGuard = change.expectMsgKey
      ? sql`and (n.vendor_msg_key is null or n.vendor_msg_key = ${change.expectMsgKey})`
      : sql``;
    const result = await this.db.execute<Notification>(sql`
      with old as (
        select id, status from notifications where id = ${id} for update
      ), n as (
        update notifications n set
          status = ${change.to},
          attempts = n.attempts + ${change.countAttempt ? 1 : 0},
          vendor_msg_key = coalesce(${change.vendorMsgKey ?? null}, n.vendor_msg_key),
          last_code = coalesce(${change.code ?? null}, n.last_code),
          last_error = ${change.detail ?? null},
          updated_at = now()
        from old
        where n.id = old.id
          and old.status = any(${sql.raw(`array[${sources.map((s) => `'${s}'`).join(',')}]::notification_status[]`)})
          ${msgKeyGuard}
        returning n.*, old.status as "previousStatus"
      ), event as (
        insert into notification_events (notification_id, from_status, to_status, actor, attempt, code, detail)
        select id, "previousStatus", status, ${change.actor}, attempts, ${change.code ?? null}, ${change.detail ?? null} from n
      )
      select ${RETURNING} from n`);
    return result.rows[0];
  }

  /** Records a failed attempt without changing status (the job will be retried). */
  async recordAttemptError(id: string, actor: string, code: string, detail: string): Promise<void> {
    await this.db.execute(sql`
      with n as (
        update notifications set last_code = ${code}, last_error = ${detail}, updated_at = now()
        where id = ${id} returning id, status, attempts
      )
      insert into notification_events (notification_id, from_status, to_status, actor, attempt, code, detail)
      select id, status, status, ${actor}, attempts, ${code}, ${detail} from n`);
  }

  async find(id: string): Promise<Notification | undefined> {
    const [row] = await this.db.select().from(notifications).where(eq(notifications.id, id)).limit(1);
    return row;
  }

  async history(id: string): Promise<NotificationEvent[]> {
    return this.db
      .select()
      .from(notificationEvents)
      .where(eq(notificationEvents.notificationId, id))
      .orderBy(asc(notificationEvents.id));
  }
}
