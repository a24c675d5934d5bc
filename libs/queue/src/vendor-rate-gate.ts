import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { redisOptions } from './redis-options.js';

export interface GateDecision {
  /** Sends admitted, at most the number asked for; each must start right away. */
  granted: number;
  /** When fewer were granted than asked: how long until the oldest send in the window leaves it. */
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
 *
 * One call may ask for several sends (the concurrent jobs of a worker process): it
 * gets as many as the window has room for, each logged at the same instant on
 * Redis's clock, which is exactly what the same number of single calls at that
 * instant would get. A send admitted must start at once: the log holds the time it
 * was admitted, not a reservation for later.
 */
const ADMIT = `
local tps = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local granted = math.max(0, math.min(wanted, tps - redis.call('ZCARD', KEYS[1])))
if granted > 0 then
  local entries = {}
  for i = 1, granted do
    entries[2 * i - 1] = now
    entries[2 * i] = ARGV[3] .. ':' .. i
  end
  redis.call('ZADD', KEYS[1], unpack(entries))
  redis.call('PEXPIRE', KEYS[1], window * 2)
end
if granted == wanted then return {granted, 0, tps} end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {granted, tonumber(oldest[2]) + window - now + 1, tps}
`;

/** Sends one call may ask for: Lua's unpack() takes a few thousand values at most. */
export const MAX_ADMIT_AT_ONCE = 1000;

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

  /** Admits up to `wanted` sends (1 to MAX_ADMIT_AT_ONCE) that start now. */
  async admit(wanted = 1): Promise<GateDecision> {
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_ADMIT_AT_ONCE) {
      throw new RangeError(`admit: wanted must be 1 to ${MAX_ADMIT_AT_ONCE}, got ${wanted}`);
    }
    const [granted, waitMs, tps] = (await this.redis.eval(
      ADMIT,
      2,
      this.logKey,
      this.tpsKey,
      this.defaultTps,
      this.windowMs,
      randomUUID(),
      wanted,
    )) as [number, number, number];
    return { granted, waitMs, tps };
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
