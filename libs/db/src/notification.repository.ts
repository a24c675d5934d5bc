import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { allowedSources, canTransition, type NotificationStatus } from '../../domain/src/notification-status.js';
import type { Database } from './database.js';
import { selectListOf } from './column-list.js';
import { executePrepared } from './prepared-statement.js';
import { notificationEvents, notifications } from './schema.js';

export type Notification = typeof notifications.$inferSelect;
export type NotificationEvent = typeof notificationEvents.$inferSelect;
export type NewNotification = Pick<Notification, 'id' | 'tenantId' | 'recipient' | 'templateCode' | 'variables' | 'text'> &
  Partial<Pick<Notification, 'ref' | 'failbackText' | 'failbackTitle' | 'failbackChannel' | 'requestKey'>>;

export interface DeadFilter {
  /** A producer's own; unset: every tenant's (an operator's view). */
  tenantId?: string;
  ids?: string[];
  code?: string;
  templateCode?: string;
  campaignId?: string;
  since?: Date;
  until?: Date;
  /** Keyset cursor: the last row of the previous page. */
  after?: KeysetPosition;
}

/** A row's place in an (updated_at, id) order: a previous page's last row. */
export interface KeysetPosition {
  cursorAt: string;
  id: string;
}

/**
 * A row with its keyset position: `updated_at` at the database's full precision
 * (microseconds; a JavaScript Date keeps milliseconds, and a cursor rounded to them
 * skips the rows that share the millisecond).
 */
export type KeysetRow = Notification & { cursorAt: string };

/** updated_at as text with every digit Postgres keeps, in UTC. */
const CURSOR_AT = sql<string>`to_char(${notifications.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

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

/** One row's move in a bulk transition: from exactly one source status. */
export interface Move {
  id: string;
  from: NotificationStatus;
  to: NotificationStatus;
  code?: string | null;
  detail?: string | null;
  vendorMsgKey?: string | null;
  /** Count this transition as a new send attempt. */
  countAttempt?: boolean;
}

/** A claimed row is now `sending` and may be sent; any other row is as it was found. */
export interface Claim {
  row: Notification;
  claimed: boolean;
  /**
   * Claimed from `sending`: an earlier run claimed it and its vendor outcome is unknown
   * (it died, or its call failed). Ask the vendor before sending again.
   */
  reclaimed: boolean;
}

/** Where the send claim may come from: a new row, or one whose earlier run died mid-send. */
const CLAIM_SOURCES = sql.param(allowedSources('sending'));

// Raw rows from the CTE statements below (alias n), mapped to the same shape drizzle returns.
const RETURNING = selectListOf(notifications, 'n');

/**
 * The only writer of notifications. Each status change is one statement: a
 * conditional UPDATE (WHERE status is a legal source) and its history row, in a
 * data-modifying CTE, so the change and its record commit or fail together in one
 * round trip.
 */
export class NotificationRepository {
  constructor(private readonly db: Database) {}

  async insertPending(input: NewNotification, actor: string): Promise<Notification> {
    return (await this.insertPendingMany([input], actor))[0]!;
  }

  /** Stores new rows, each with its first history row, in one statement; rows come back in input order. */
  async insertPendingMany(inputs: NewNotification[], actor: string): Promise<Notification[]> {
    if (inputs.length === 0) return [];
    const column = <T>(value: (input: NewNotification) => T) => sql.param(inputs.map(value));
    const rows = await executePrepared<Notification & { ordinal: string }>(
      this.db,
      'insert-pending',
      sql`
      with input as (
        select * from unnest(
          ${column((input) => input.id)}::uuid[], ${column((input) => input.tenantId)}::text[], ${column((input) => input.ref ?? null)}::text[],
          ${column((input) => input.recipient)}::text[], ${column((input) => input.templateCode)}::text[],
          ${column((input) => JSON.stringify(input.variables))}::jsonb[], ${column((input) => input.text)}::text[],
          ${column((input) => input.failbackText ?? null)}::text[], ${column((input) => input.failbackTitle ?? null)}::text[],
          ${column((input) => input.failbackChannel ?? null)}::text[], ${column((input) => input.requestKey ?? null)}::text[]
        ) with ordinality as v(id, tenant_id, ref, recipient, template_code, variables, text, failback_text, failback_title, failback_channel, request_key, ordinal)
      ), n as (
        insert into notifications (id, tenant_id, ref, recipient, template_code, variables, text, failback_text, failback_title, failback_channel, request_key)
        select id, tenant_id, ref, recipient, template_code, variables, text, failback_text, failback_title, failback_channel, request_key from input
        returning *
      ), event as (
        insert into notification_events (notification_id, to_status, actor)
        select id, 'pending', ${actor} from n
      )
      select ${RETURNING}, v.ordinal from n join input v on v.id = n.id order by v.ordinal`,
    );
    return rows.map(({ ordinal: _ordinal, ...row }) => row);
  }

  /**
   * Applies a state-machine transition if the row is in a legal source state.
   * Returns the moved row, or undefined when the row does not exist or may not
   * make this move (already final, moved by someone else): the caller decides.
   */
  async transition(id: string, change: Transition): Promise<Notification | undefined> {
    const sources = allowedSources(change.to).filter((status) => !change.from || change.from.includes(status));
    const msgKeyGuard = change.expectMsgKey ? sql`and (n.vendor_msg_key is null or n.vendor_msg_key = ${change.expectMsgKey})` : sql``;
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
   * The conditional claim before a vendor call, for many rows in one statement:
   * rows in a legal source of `sending` move there (with their history rows), and
   * every other existing row is returned unchanged with `claimed: false`, so the
   * caller learns why without asking again. Unknown ids return nothing. A row in a
   * final state is never claimed. Rows are locked in id order, so concurrent
   * batches cannot deadlock.
   */
  async claimForSending(ids: string[], actor: string): Promise<Claim[]> {
    if (ids.length === 0) return [];
    const idArray = sql`${sql.param(ids)}::uuid[]`;
    const rows = await executePrepared<Notification & { claimed: boolean; reclaimed: boolean }>(
      this.db,
      'claim-for-sending',
      sql`
      with old as materialized (
        select n.id, n.status from notifications n
        where n.id = any(${idArray}) and n.status = any(${CLAIM_SOURCES}::notification_status[])
        order by n.id
        for update of n
      ), claimed as (
        update notifications n set status = 'sending', last_error = null, updated_at = now()
        from old
        where n.id = old.id
        returning n.*, old.status as "previousStatus"
      ), event as (
        insert into notification_events (notification_id, from_status, to_status, actor, attempt)
        select id, "previousStatus", status, ${actor}, attempts from claimed
      )
      select ${RETURNING}, true as claimed, n."previousStatus" = 'sending' as reclaimed from claimed n
      union all
      select ${RETURNING}, false as claimed, false as reclaimed from notifications n
      where n.id = any(${idArray}) and n.id not in (select id from claimed)`,
    );
    return rows.map(({ claimed, reclaimed, ...row }) => ({ row, claimed, reclaimed }));
  }

  /**
   * Applies many conditional transitions in one statement, each from exactly one
   * source: a row moves only if it is still in its move's `from` status. Returns the
   * ids that moved. Ids must be unique within a call; every move must be legal in
   * the state machine (checked here, before anything is sent).
   */
  async transitionMany(moves: Move[], actor: string): Promise<string[]> {
    if (moves.length === 0) return [];
    for (const move of moves) {
      if (!canTransition(move.from, move.to)) throw new Error(`illegal transition ${move.from} → ${move.to} for ${move.id}`);
    }
    if (new Set(moves.map((move) => move.id)).size !== moves.length) throw new Error('transitionMany: ids must be unique');
    const column = <T>(value: (move: Move) => T) => sql.param(moves.map(value));
    const rows = await executePrepared<{ id: string }>(
      this.db,
      'transition-many',
      sql`
      with input as (
        select * from unnest(
          ${column((move) => move.id)}::uuid[], ${column((move) => move.from)}::notification_status[],
          ${column((move) => move.to)}::notification_status[], ${column((move) => move.code ?? null)}::text[],
          ${column((move) => move.detail ?? null)}::text[], ${column((move) => move.vendorMsgKey ?? null)}::text[],
          ${column((move) => (move.countAttempt ? 1 : 0))}::int[]
        ) as v(id, from_status, to_status, code, detail, msg_key, attempt_step)
      ), old as materialized (
        select n.id, n.status from notifications n
        join input v on v.id = n.id and n.status = v.from_status
        -- Said again as a list, so the planner keeps to the partitions of these ids.
        where n.id = any(${column((move) => move.id)}::uuid[])
        order by n.id
        for update of n
      ), moved as (
        update notifications n set
          status = v.to_status,
          attempts = n.attempts + v.attempt_step,
          vendor_msg_key = coalesce(v.msg_key, n.vendor_msg_key),
          last_code = coalesce(v.code, n.last_code),
          last_error = v.detail,
          updated_at = now()
        from old join input v on v.id = old.id
        where n.id = old.id
        returning n.id, n.status, n.attempts, v.code, v.detail, old.status as previous
      ), event as (
        insert into notification_events (notification_id, from_status, to_status, actor, attempt, code, detail)
        select id, previous, status, ${actor}, attempts, code, detail from moved
      )
      select id from moved`,
    );
    return rows.map((row) => row.id);
  }

  /**
   * Records a failed vendor attempt without changing status (the job will be retried
   * at nextAttemptAt). `countAttempt: false` for notes that were no vendor call.
   */
  async recordAttemptError(id: string, actor: string, failure: { code: string; detail: string; nextAttemptAt?: Date; countAttempt?: boolean }): Promise<void> {
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
   * reconciler's candidates, keyset-paged on (updated_at, id) from `from` (a previous
   * page's last row). Rows of a paused campaign are not: they wait for resume.
   */
  async findStale(statuses: NotificationStatus[], window: { before: Date; after?: Date; from?: KeysetPosition }, limit: number): Promise<KeysetRow[]> {
    const conditions = [
      inArray(notifications.status, statuses),
      lt(notifications.updatedAt, window.before),
      sql`not exists (select 1 from campaigns c where c.id = ${notifications.campaignId} and c.status = 'paused')`,
    ];
    if (window.after) conditions.push(gte(notifications.updatedAt, window.after));
    return this.oldestFirst(conditions, window.from, limit);
  }

  /** Dead rows, newest first, filtered for the dead-letter API; keyset-paged on (updated_at, id). */
  async findDead(filter: DeadFilter, limit: number): Promise<KeysetRow[]> {
    const conditions = [eq(notifications.status, 'dead' as const)];
    if (filter.tenantId) conditions.push(eq(notifications.tenantId, filter.tenantId));
    if (filter.ids) conditions.push(inArray(notifications.id, filter.ids));
    if (filter.code) conditions.push(eq(notifications.lastCode, filter.code));
    if (filter.templateCode) conditions.push(eq(notifications.templateCode, filter.templateCode));
    if (filter.campaignId) conditions.push(eq(notifications.campaignId, filter.campaignId));
    if (filter.since) conditions.push(gte(notifications.updatedAt, filter.since));
    if (filter.until) conditions.push(lt(notifications.updatedAt, filter.until));
    if (filter.after) {
      conditions.push(sql`(${notifications.updatedAt}, ${notifications.id}) < (${filter.after.cursorAt}::timestamptz, ${filter.after.id}::uuid)`);
    }
    return this.db
      .select({ ...getTableColumns(notifications), cursorAt: CURSOR_AT })
      .from(notifications)
      .where(and(...conditions))
      .orderBy(desc(notifications.updatedAt), desc(notifications.id))
      .limit(limit);
  }

  /**
   * Rows waiting for their vendor result (`sent`, or `failback_sent` for the SMS/LMS
   * leg) untouched since `before`, oldest first after `from` (keyset on (updated_at, id)):
   * what the result lookup asks the vendor about.
   */
  async findAwaitingResult(before: Date, from: KeysetPosition | undefined, limit: number): Promise<KeysetRow[]> {
    return this.oldestFirst([inArray(notifications.status, ['sent', 'failback_sent'] as const), lt(notifications.updatedAt, before)], from, limit);
  }

  /** Rows matching `conditions`, oldest first, keyset-paged on (updated_at, id) after `from`. */
  private oldestFirst(conditions: SQL[], from: KeysetPosition | undefined, limit: number): Promise<KeysetRow[]> {
    if (from) conditions.push(sql`(${notifications.updatedAt}, ${notifications.id}) > (${from.cursorAt}::timestamptz, ${from.id}::uuid)`);
    return this.db
      .select({ ...getTableColumns(notifications), cursorAt: CURSOR_AT })
      .from(notifications)
      .where(and(...conditions))
      .orderBy(asc(notifications.updatedAt), asc(notifications.id))
      .limit(limit);
  }

  /**
   * Gives up on at most `limit` rows whose vendor result never came: `sent` or
   * `failback_sent` and untouched since `before` become `expired` (a final status),
   * each with its history row, in one statement. Rows another statement holds are left
   * for the next call (SKIP LOCKED). Returns how many expired.
   */
  async expireUnreported(before: Date, limit: number, detail: string): Promise<number> {
    const result = await this.db.execute(sql`
      with old as (
        select id, status from notifications
        where status in ('sent', 'failback_sent') and updated_at < ${before.toISOString()}::timestamptz
        order by updated_at limit ${limit}
        for update skip locked
      ), moved as (
        update notifications n set status = 'expired', last_code = 'EXPIRED', last_error = ${detail}, updated_at = now()
        from old where n.id = old.id
        returning n.id, n.attempts, old.status as previous
      )
      insert into notification_events (notification_id, from_status, to_status, actor, attempt, code, detail)
      select id, previous, 'expired', 'reconciler', attempts, 'EXPIRED', ${detail} from moved`);
    return result.rowCount ?? 0;
  }

  /** The rows one keyed request stored, in the order it sent them (ids are time-ordered). */
  async findByRequestKey(requestKey: string): Promise<Notification[]> {
    return this.db.select().from(notifications).where(eq(notifications.requestKey, requestKey)).orderBy(asc(notifications.id));
  }

  /** With `tenantId`, another tenant's row is not found (a producer's lookup); without, any row is. */
  async find(id: string, tenantId?: string): Promise<Notification | undefined> {
    const [row] = await this.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.id, id), tenantId === undefined ? undefined : eq(notifications.tenantId, tenantId)))
      .limit(1);
    return row;
  }

  async history(id: string): Promise<NotificationEvent[]> {
    return this.db.select().from(notificationEvents).where(eq(notificationEvents.notificationId, id)).orderBy(asc(notificationEvents.id));
  }
}
