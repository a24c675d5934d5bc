/**
 * The calendar of time-partitioned storage (migration 0007): a partition per UTC week,
 * Monday to Monday, bounded by UUIDv7s. A UUIDv7's first 48 bits are its creation time
 * in ms, so the smallest UUID of a millisecond bounds every id made from it on.
 * Pure: the repository reads and changes the catalog, this decides what to change.
 */

export const WEEK_MS = 7 * 86_400_000;

/** The tables partitioned this way, and their partition keys, in the order they are dropped (history first). */
export const PARTITIONED_TABLES = [
  { table: 'notification_events', key: 'notification_id' },
  { table: 'notifications', key: 'id' },
  { table: 'campaign_recipients', key: 'campaign_id' },
] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number]['table'];

/** The smallest UUID of the millisecond `ms` (what SQL's herald_uuid_floor makes). */
export function uuidFloor(ms: number): string {
  const hex = Math.floor(ms).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** The creation time (ms) a UUIDv7 carries. */
export function uuidTime(uuid: string): number {
  return parseInt(uuid.replaceAll('-', '').slice(0, 12), 16);
}

/** Monday 00:00 UTC of the week holding `ms`. */
export function weekStart(ms: number): number {
  const day = new Date(ms);
  day.setUTCHours(0, 0, 0, 0);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return day.getTime() - sinceMonday * 86_400_000;
}

/** `notifications_w20261207`: the partition of the week starting then. */
export function partitionName(table: PartitionedTable, weekStartMs: number): string {
  return `${table}_w${new Date(weekStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export interface PlannedPartition {
  name: string;
  fromMs: number;
  toMs: number;
}

/**
 * The weeks to add so that partitions reach `weeksAhead` weeks past `now`, each starting
 * where the newest one ends (so they never overlap, and never leave a gap).
 */
export function partitionsToCreate(table: PartitionedTable, newestUpperMs: number, now: number, weeksAhead: number): PlannedPartition[] {
  const until = weekStart(now) + (weeksAhead + 1) * WEEK_MS;
  const planned: PlannedPartition[] = [];
  for (let from = newestUpperMs; from < until;) {
    // A bound off a Monday (none Herald makes) is first brought back to one.
    const to = weekStart(from) + WEEK_MS;
    planned.push({ name: partitionName(table, weekStart(from)), fromMs: from, toMs: to });
    from = to;
  }
  return planned;
}

/** Whether a partition whose rows are all older than `upperMs` is past retention. */
export function isPastRetention(upperMs: number, now: number, retentionDays: number): boolean {
  return upperMs <= now - retentionDays * 86_400_000;
}
