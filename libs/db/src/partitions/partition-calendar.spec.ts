import { describe, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { isPastRetention, partitionName, partitionsToCreate, uuidFloor, uuidTime, WEEK_MS, weekStart } from './partition-calendar.js';

const at = (iso: string) => Date.parse(iso);

describe('the partition calendar', () => {
  it('bounds a UUIDv7 by the smallest UUID of its millisecond', () => {
    const ms = at('2026-12-04T05:06:07.089Z');
    const id = uuidv7({ msecs: ms });
    expect(uuidTime(id)).toBe(ms);
    expect(uuidFloor(ms) <= id).toBe(true);
    expect(uuidFloor(ms + 1) > id).toBe(true);
    expect(uuidFloor(ms)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-0000-0000-000000000000$/);
  });

  it('starts weeks on Monday 00:00 UTC', () => {
    expect(new Date(weekStart(at('2026-12-04T23:59:00Z'))).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(new Date(weekStart(at('2026-11-30T00:00:00Z'))).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(new Date(weekStart(at('2026-11-29T23:59:59Z'))).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(partitionName('notifications', at('2026-11-30T00:00:00Z'))).toBe('notifications_w20261130');
  });

  it('adds weeks from the newest bound up to the horizon, none when it is reached', () => {
    const now = at('2026-12-04T12:00:00Z');
    const newest = at('2026-12-07T00:00:00Z');
    const planned = partitionsToCreate('notifications', newest, now, 2);
    expect(planned.map((partition) => partition.name)).toEqual(['notifications_w20261207', 'notifications_w20261214']);
    expect(planned[0]!.toMs).toBe(planned[1]!.fromMs);
    expect(planned[1]!.toMs - planned[1]!.fromMs).toBe(WEEK_MS);
    expect(partitionsToCreate('notifications', planned[1]!.toMs, now, 2)).toEqual([]);
  });

  it('counts a partition past retention only once its newest possible row is', () => {
    const now = at('2026-12-04T00:00:00Z');
    expect(isPastRetention(now - 90 * 86_400_000, now, 90)).toBe(true);
    expect(isPastRetention(now - 89 * 86_400_000, now, 90)).toBe(false);
  });
});
