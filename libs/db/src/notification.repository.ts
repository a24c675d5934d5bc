import { and, asc, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { allowedSources, type NotificationStatus } from '../../domain/src/notification-status.js';
import type { Database } from './database.js';
import { notificationEvents, notifications } from './schema.js';

export type Notification = typeof notifications.$inferSelect;
export type NotificationEvent = typeof notificationEvents.$inferSelect;
export type NewNotification = Pick<Notification, 'id' | 'recipient' | 'templateCode' | 'variables' | 'text'> &
  Partial<Pick<Notification, 'ref' | 'failbackText' | 'failbackTitle' | 'failbackChannel'>>;

export interface DeadFilter {
  ids?: string[];
  code?: string;
  templateCode?: string;
  campaignId?: string;
  since?: Date;
  until?: Date;
  /** Keyset cursor: the last row of the previous page. */
  after?: { updatedAt: Date; id: string };
}

export interface Transition {
  to: NotificationStatus;
  /** Narrows the legal sources, e.g. an AlimTalk report must not settle the SMS leg. */
  from?: NotificationStatus[];
  actor: string;
  code?: string | null;
  detail?: string | null;
  /** Count this transition as a new send attempt. */
  countAttempt?: boolean;
  vendorMsgKey?: string;
  /** Only move the row if its vendor message key is unset or equals this one. */
  expectMsgKey?: string;
  /** For a failed attempt that BullMQ will retry: when. */
  nextAttemptAt?: Date;
}

// Raw rows from the CTE statements below, mapped to the same shape drizzle returns.
const RETURNING = sql.raw(`
  n.id, n.ref, n.recipient, n.template_code as "templateCode", n.variables, n.text, n.channel,
  n.failback_text as "failbackText", n.failback_title as "failbackTitle", n.failback_channel as "failbackChannel",
  n.status, n.attempts, n.vendor_msg_key as "vendorMsgKey", n.last_code as "lastCode",
  n.last_error as "lastError", n.campaign_id as "campaignId", n.created_at as "createdAt", n.updated_at as "updatedAt"`);

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
    const sources = allowedSources(change.to).filter((status) => !change.from || change.from.includes(status));
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
        insert into notification_events (notification_id, from_status, to_status, actor, attempt, code, detail, next_attempt_at)
        select id, "previousStatus", status, ${change.actor}, attempts, ${change.code ?? null}, ${change.detail ?? null},
               ${change.nextAttemptAt?.toISOString() ?? null}::timestamptz from n
      )
      select ${RETURNING} from n`);
    return result.rows[0];
  }

  /**
   * Records a failed vendor attempt without changing status (the job will be retried
   * at nextAttemptAt). `countAttempt: false` for notes that were no vendor call.
   */
  async recordAttemptError(
    id: string,
    actor: string,
    failure: { code: string; detail: string; nextAttemptAt?: Date; countAttempt?: boolean },
  ): Promise<void> {
    await this.db.execute(sql`
      with n as (
        update notifications set last_code = ${failure.code}, last_error = ${failure.detail}, updated_at = now(),
                                 attempts = attempts + ${failure.countAttempt === false ? 0 : 1}
        where id = ${id} returning id, status, attempts
      )
      insert into notification_events (notification_id, from_status, to_status, actor, attempt, code, detail, next_attempt_at)
      select id, status, status, ${actor}, attempts, ${failure.code}, ${failure.detail},
             ${failure.nextAttemptAt?.toISOString() ?? null}::timestamptz from n`);
  }

  /**
   * Oldest rows in these statuses last touched between `after` and `before`: the
   * reconciler's candidates. Rows of a paused campaign are not: they wait for resume.
   */
  async findStale(statuses: NotificationStatus[], window: { before: Date; after?: Date }, limit: number): Promise<Notification[]> {
    const conditions = [
      inArray(notifications.status, statuses),
      lt(notifications.updatedAt, window.before),
      sql`not exists (select 1 from campaigns c where c.id = ${notifications.campaignId} and c.status = 'paused')`,
    ];
    if (window.after) conditions.push(gte(notifications.updatedAt, window.after));
    return this.db
      .select()
      .from(notifications)
      .where(and(...conditions))
      .orderBy(asc(notifications.updatedAt))
      .limit(limit);
  }

  /** Dead rows, newest first, filtered for the DLQ API; keyset-paged on (updated_at, id). */
  async findDead(filter: DeadFilter, limit: number): Promise<Notification[]> {
    const conditions = [eq(notifications.status, 'dead' as const)];
    if (filter.ids) conditions.push(inArray(notifications.id, filter.ids));
    if (filter.code) conditions.push(eq(notifications.lastCode, filter.code));
    if (filter.templateCode) conditions.push(eq(notifications.templateCode, filter.templateCode));
    if (filter.campaignId) conditions.push(eq(notifications.campaignId, filter.campaignId));
    if (filter.since) conditions.push(gte(notifications.updatedAt, filter.since));
    if (filter.until) conditions.push(lt(notifications.updatedAt, filter.until));
    if (filter.after) {
      conditions.push(
        or(
          lt(notifications.updatedAt, filter.after.updatedAt),
          and(eq(notifications.updatedAt, filter.after.updatedAt), lt(notifications.id, filter.after.id)),
        )!,
      );
    }
    return this.db
      .select()
      .from(notifications)
      .where(and(...conditions))
      .orderBy(desc(notifications.updatedAt), desc(notifications.id))
      .limit(limit);
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
