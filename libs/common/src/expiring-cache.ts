/**
 * Values read from a store, kept for `ttlMs` so a hot path does not ask each time.
 * Concurrent misses of one key share one read. Neither a failed read nor an absent
 * value (undefined) is kept: the next call asks again, so something created after a
 * miss is seen at once. `ttlMs` 0 keeps nothing.
 */
export class ExpiringCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V | undefined>; until: number; settled?: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K, read: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && entry.until > now) return entry.value;
    const value = read();
    if (this.ttlMs === 0) return value;
    const kept: { value: Promise<V | undefined>; until: number; settled?: V } = { value, until: now + this.ttlMs };
    this.entries.set(key, kept);
    const forget = () => {
      if (this.entries.get(key) === kept) this.entries.delete(key);
    };
    value.then((found) => (found === undefined ? forget() : (kept.settled = found)), forget);
    return value;
  }

  forget(key: K): void {
    this.entries.delete(key);
  }

  /** Forgets every value `matches` picks, and every read still in flight (it may be of one). */
  forgetWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) {
      if (entry.settled === undefined || matches(entry.settled)) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
