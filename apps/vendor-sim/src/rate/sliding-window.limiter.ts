/**
 * The strict reading of a vendor contract's "N TPS": in ANY sliding 1000 ms window
 * at most N requests are let through. Two admissions share a window when they are
 * less than 1000 ms apart, so admissions at t=0 and t=1000 never share one.
 *
 * A token bucket would be cheaper to explain but lets a full bucket plus a second's
 * refill (~2N) through inside one sliding second, which is exactly what Herald's
 * worker must not rely on. So this keeps a log of admission times in a ring buffer:
 * a request may pass iff the N-th most recent admission is at least 1000 ms old.
 */

export const WINDOW_MS = 1000;

export type Admission = { admitted: true; inWindow: number } | { admitted: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  private times: Float64Array;
  /** Index the next admission is written to; the newest admission sits just before it. */
  private head = 0;
  private size = 0;
  private highestInWindow = 0;

  private limit: number;

  constructor(limit: number) {
    assertPositiveInteger(limit);
    this.limit = limit;
    this.times = new Float64Array(limit);
  }

  get tps(): number {
    return this.limit;
  }

  /** The most admissions ever seen inside one sliding window since the last reset. */
  get maxPerWindow(): number {
    return this.highestInWindow;
  }

  /**
   * Changing the limit keeps the log. The buffer only ever grows: after lowering and
   * raising the limit again, admissions still inside the window must all be known or
   * the "any window" promise breaks across the change.
   */
  setLimit(limit: number): void {
    assertPositiveInteger(limit);
    if (limit > this.times.length) this.grow(limit);
    this.limit = limit;
  }

  /** `now` is a monotonic time in ms (performance.now() in production, a fake in tests). */
  tryAdmit(now: number): Admission {
    const oldestCounted = this.size >= this.limit ? this.nthMostRecent(this.limit) : undefined;
    if (oldestCounted !== undefined && now - oldestCounted < WINDOW_MS) {
      // Exact wait until the slot frees; at least 1 ms so a client never spins on 0.
      return { admitted: false, retryAfterMs: Math.max(1, Math.ceil(oldestCounted + WINDOW_MS - now)) };
    }
    const inWindow = this.countInWindowEndingAt(now) + 1;
    this.record(now);
    if (inWindow > this.highestInWindow) this.highestInWindow = inWindow;
    return { admitted: true, inWindow };
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.highestInWindow = 0;
  }

  /**
   * Any window holding the most admissions can be slid right until it ends at an
   * admission, so checking the window that ends at each new admission finds the exact
   * maximum. Times are monotonic, so the log is sorted and a binary search suffices.
   */
  private countInWindowEndingAt(now: number): number {
    let inside = 0; // largest k known to be inside the window
    let outside = this.size + 1; // smallest k known to be outside (or past the log)
    while (outside - inside > 1) {
      const k = (inside + outside) >>> 1;
      if (now - this.nthMostRecent(k) < WINDOW_MS) inside = k;
      else outside = k;
    }
    return inside;
  }

  /** k = 1 is the newest admission; callers keep 1 <= k <= size, so the slot is always in the buffer. */
  private nthMostRecent(k: number): number {
    const capacity = this.times.length;
    return this.times[(this.head - k + capacity) % capacity]!;
  }

  private record(now: number): void {
    this.times[this.head] = now;
    this.head = (this.head + 1) % this.times.length;
    if (this.size < this.times.length) this.size++;
  }

  private grow(capacity: number): void {
    const grown = new Float64Array(capacity);
    for (let k = this.size; k >= 1; k--) grown[this.size - k] = this.nthMostRecent(k);
    this.times = grown;
    this.head = this.size % capacity;
  }
}

function assertPositiveInteger(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
}
