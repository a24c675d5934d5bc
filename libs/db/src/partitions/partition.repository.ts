import type pg from 'pg';
import { isPastRetention, PARTITIONED_TABLES, partitionsToCreate, uuidFloor, uuidTime, type PartitionedTable } from './partition-calendar.js';

export interface Partition {
  name: string;
  /** -Infinity for the legacy partition (FROM MINVALUE). */
  fromMs: number;
  toMs: number;
}

/** A partition change waits at most this long for its lock, so traffic never queues behind it; the next run tries again. */
const LOCK_TIMEOUT = '3s';
const BOUND = /FROM \((?:MINVALUE|'([0-9a-f-]{36})')\) TO \('([0-9a-f-]{36})'\)/;

/**
 * Keeps the time-partitioned tables (migration 0007) ready and bounded: partitions
 * made weeks ahead, so an insert never finds none, and whole partitions dropped once
 * past RETENTION_DAYS, never rows deleted one by one. Detached CONCURRENTLY first, so
 * a drop never blocks the queries running on the other partitions.
 */
/** A pool, or one client (the migration's, which holds the migration lock). */
type Queryable = pg.Pool | pg.ClientBase;

export class PartitionRepository {
  constructor(private readonly pool: Queryable) {}

  async partitionsOf(table: PartitionedTable): Promise<Partition[]> {
    const { rows } = await this.pool.query<{ name: string; bound: string }>(
      `select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
       from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = $1::regclass`,
      [table],
    );
    return rows
      .map(({ name, bound }) => {
        const match = BOUND.exec(bound);
        if (!match) throw new Error(`${name}: unexpected partition bound ${bound}`);
        return { name, fromMs: match[1] ? uuidTime(match[1]) : -Infinity, toMs: uuidTime(match[2]!) };
      })
      .sort((a, b) => a.toMs - b.toMs);
  }

  /** Adds the weeks missing up to `weeksAhead` past `now` to every partitioned table; returns the partitions made. */
  async ensureAhead(now: number, weeksAhead: number): Promise<string[]> {
    const made: string[] = [];
    for (const { table } of PARTITIONED_TABLES) {
      const partitions = await this.partitionsOf(table);
      const newest = partitions.at(-1)?.toMs;
      if (newest === undefined) throw new Error(`${table} has no partition: migration 0007 makes the first`);
      for (const planned of partitionsToCreate(table, newest, now, weeksAhead)) {
        await this.inTransaction(`create table if not exists "${planned.name}" partition of "${table}"
          for values from ('${uuidFloor(planned.fromMs)}') to ('${uuidFloor(planned.toMs)}')`);
        made.push(planned.name);
      }
    }
    return made;
  }

  /**
   * Drops the partitions wholly past retention. A notifications partition still holding
   * a message in flight (pending or sending) is kept, and so is a recipients partition of
   * a campaign not finished: retention never takes what Herald still owes a send.
   * Campaigns whose recipients went go too. Returns the partitions dropped.
   */
  async dropPastRetention(now: number, retentionDays: number): Promise<string[]> {
    const dropped: string[] = [];
    const notifications = (await this.partitionsOf('notifications')).filter((partition) => isPastRetention(partition.toMs, now, retentionDays));
    for (const partition of notifications) {
      const inFlight = await this.pool.query(`select 1 from "${partition.name}" where status in ('pending', 'sending') limit 1`);
      if (inFlight.rowCount) continue;
      // The history of exactly these notifications: the events partition of the same range.
      for (const events of await this.partitionsOf('notification_events')) {
        if (events.fromMs >= partition.fromMs && events.toMs <= partition.toMs) dropped.push(await this.drop('notification_events', events.name));
      }
      dropped.push(await this.drop('notifications', partition.name));
    }
    for (const partition of await this.partitionsOf('campaign_recipients')) {
      if (!isPastRetention(partition.toMs, now, retentionDays)) continue;
      const unfinished = await this.pool.query(`select 1 from campaigns where id < $1 and status not in ('completed', 'cancelled') limit 1`, [
        uuidFloor(partition.toMs),
      ]);
      if (unfinished.rowCount) continue;
      dropped.push(await this.drop('campaign_recipients', partition.name));
      await this.pool.query(`delete from campaigns where id < $1`, [uuidFloor(partition.toMs)]);
    }
    return dropped;
  }

  /** A client of its own from a pool (session settings stay with it), or the one given. */
  private async session(): Promise<{ client: pg.ClientBase; release(): void }> {
    const pool = this.pool;
    if (!('totalCount' in pool)) return { client: pool, release: () => undefined };
    const client = await pool.connect();
    return { client, release: () => client.release() };
  }

  private async drop(table: PartitionedTable, name: string): Promise<string> {
    const { client, release } = await this.session();
    try {
      await client.query(`set lock_timeout = '${LOCK_TIMEOUT}'`);
      const pending = await client.query(`select 1 from pg_inherits where inhrelid = $1::regclass and inhdetachpending`, [name]);
      // A detach interrupted half way (its second transaction never ran) is finished, not begun again.
      await client.query(`alter table "${table}" detach partition "${name}" ${pending.rowCount ? 'finalize' : 'concurrently'}`);
      await client.query(`drop table "${name}"`);
      return name;
    } finally {
      await client.query('reset lock_timeout').catch(() => undefined);
      release();
    }
  }

  private async inTransaction(statement: string): Promise<void> {
    const { client, release } = await this.session();
    try {
      await client.query('begin');
      await client.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
      await client.query(statement);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      release();
    }
  }
}
