import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { redisOptions } from './redis-options.js';

export interface GateDecision {
  admitted: boolean;
  /** When not admitted: how long until the oldest send in the window leaves it. */
  waitMs: number;
  tps: number;
}

/**
 * An exact sliding-window log of vendor sends, in Redis, shared by every worker:
 * at most `tps` sends start in any window of `windowMs`, measured by Redis's own
 * clock (so workers' clocks never disagree). The vendor counts "N per second" over
 * any sliding second; BullMQ's limiter counts fixed windows and lets up to 2N
 * through across a window edge, so it only shapes the flow coarsely and this gate
 * makes it exact. The TPS lives in Redis too, so it can change at runtime.
 */
const ADMIT = `
local tps = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tps then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return {1, 0, tps}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now + 1, tps}
`;

export class VendorRateGate {
  private readonly redis: Redis;
  private readonly logKey: string;
  private readonly tpsKey: string;
  private readonly defaultTps: number;
  private readonly windowMs: number;

  constructor(
    options: { redisUrl: string; prefix: string; account: string; defaultTps: number; windowMs: number },
    role: 'producer' | 'worker',
  ) {
    this.redis = new Redis(redisOptions(options.redisUrl, role));
    this.redis.on('error', () => undefined); // callers see failures on their own commands
    // One hash tag per account: both keys live in one Redis Cluster slot, as Lua needs.
    const base = `${options.prefix}:vendor-rate:{${options.account}}`;
    this.logKey = `${base}:log`;
    this.tpsKey = `${base}:tps`;
    this.defaultTps = options.defaultTps;
    this.windowMs = options.windowMs;
  }

  async admit(): Promise<GateDecision> {
    const [admitted, waitMs, tps] = (await this.redis.eval(
      ADMIT,
      2,
      this.logKey,
      this.tpsKey,
      this.defaultTps,
      this.windowMs,
      randomUUID(),
    )) as [number, number, number];
    return { admitted: admitted === 1, waitMs, tps };
  }

  /** The budget in force: the one set at runtime, else the configured default. */
  async tps(): Promise<number> {
    return Number((await this.redis.get(this.tpsKey)) ?? this.defaultTps);
  }

  async setTps(tps: number): Promise<void> {
    await this.redis.set(this.tpsKey, String(tps));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
