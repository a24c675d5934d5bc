/**
 * Refuses a client address that keeps presenting bad keys, before its next key is even
 * looked up: probing for keys, or a misconfigured producer hammering the API, costs a
 * Map lookup instead of a query. A token bucket per address, refilled at `perSecond`
 * up to `burst` failures; only failures spend from it, so a producer with a good key
 * never meets it. Per process: behind N API processes an address gets N times the
 * allowance, which still stops a scan (2,000 wrong keys) within its first few dozen.
 */
export class AuthFailureThrottle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: { perSecond: number; burst: number; maxAddresses?: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the address must wait before it may try again; 0 when it may. */
  retryAfter(address: string): number {
    const bucket = this.refilled(address);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.options.perSecond));
  }

  recordFailure(address: string): void {
    const bucket = this.refilled(address) ?? { tokens: this.options.burst, at: this.now() };
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    // Forget the oldest address first when too many are kept (Map keeps insertion order).
    this.buckets.delete(address);
    this.buckets.set(address, bucket);
    const max = this.options.maxAddresses ?? 100_000;
    while (this.buckets.size > max) this.buckets.delete(this.buckets.keys().next().value!);
  }

  private refilled(address: string): { tokens: number; at: number } | undefined {
    const bucket = this.buckets.get(address);
    if (!bucket) return undefined;
    const now = this.now();
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    if (bucket.tokens >= this.options.burst) this.buckets.delete(address);
    return bucket;
  }
}
