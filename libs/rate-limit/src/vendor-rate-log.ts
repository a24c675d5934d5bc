import { randomUUID } from 'node:crypto';
import { luaCommand, type LuaCommand } from './lua-command.js';
import { openRedis, type RedisClient, type RedisRole, type RedisSettings } from '../../queue/src/index.js';

export interface GateDecision {
  /**
   * One entry per send admitted (at most the number asked for): how many ms from now
   * it may start, 0 for at once. A send must start when its delay is over, not before.
   */
  delaysMs: number[];
  /** When fewer were admitted than asked: how long until the next one could be. */
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
 * When the window is full, a send is given the instant its slot frees (the send
 * `tps` places back leaves the window), up to `maxHoldMs` ahead, and that instant
 * is logged. So each slot is used again exactly one window after its last use, at
 * the pace the budget allows, however late a worker wakes up or asks: asking only
 * once a slot had freed lost that lateness on every turn of every slot (the mean
 * then stayed ~0.2% below tps / window). Logged instants only ever grow, which is
 * what makes one look back `tps` places enough.
 *
 * One call may ask for several sends (the concurrent jobs of a worker process): it
 * gets what the same number of single calls at that instant would get.
 */
const ADMIT = `
local tps = tonumber(redis.call('GET', KEYS[2]) or ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[4])
local maxHold = tonumber(ARGV[5])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local latest = now
if count > 0 then latest = math.max(now, tonumber(redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2])) end
local delays = {}
local waitUs = 0
for i = 1, wanted do
  local at = latest
  if count >= tps then
    at = math.max(at, tonumber(redis.call('ZRANGE', KEYS[1], count - tps, count - tps, 'WITHSCORES')[2]) + window)
  end
  if at - now > maxHold then
    waitUs = math.ceil((at - now - maxHold) * 1000)
    break
  end
  redis.call('ZADD', KEYS[1], at, ARGV[3] .. ':' .. i)
  count = count + 1
  latest = at
  -- Lua numbers reach the caller truncated to integers: microseconds, rounded up, so never early.
  delays[i] = math.ceil((at - now) * 1000)
end
if #delays > 0 then redis.call('PEXPIRE', KEYS[1], window * 2 + maxHold) end
return {tps, waitUs, delays}
`;

/** Sends one call may ask for: the script works one send at a time, and holds Redis meanwhile. */
export const MAX_ADMIT_AT_ONCE = 1000;

/**
 * The vendor rate gate's shared state: the log of sends and the TPS in force, in
 * Redis. The worker's VendorRateGate asks it for slots; the API's vendor budget
 * sets its TPS.
 */
export class VendorRateLog {
  private readonly redis: RedisClient;
  private readonly admitScript: LuaCommand;
  private readonly logKey: string;
  private readonly tpsKey: string;
  private readonly defaultTps: number;
  private readonly windowMs: number;

  constructor(options: { redis: RedisSettings; account: string; defaultTps: number; windowMs: number }, role: RedisRole) {
    this.redis = openRedis(options.redis, role);
    this.redis.on('error', () => undefined); // callers see failures on their own commands
    this.admitScript = luaCommand(this.redis, 'heraldVendorAdmit', ADMIT, 2);
    // One hash tag per account: both keys live in one Redis Cluster slot, as Lua needs.
    const base = `${options.redis.QUEUE_PREFIX}:vendor-rate:{${options.account}}`;
    this.logKey = `${base}:log`;
    this.tpsKey = `${base}:tps`;
    this.defaultTps = options.defaultTps;
    this.windowMs = options.windowMs;
  }

  /**
   * Admits up to `wanted` sends (1 to MAX_ADMIT_AT_ONCE), each at once or at most
   * `maxHoldMs` from now; the caller must hold each until its delay is over.
   */
  async admit(wanted = 1, maxHoldMs = 0): Promise<GateDecision> {
    if (!Number.isInteger(wanted) || wanted < 1 || wanted > MAX_ADMIT_AT_ONCE) {
      throw new RangeError(`admit: wanted must be 1 to ${MAX_ADMIT_AT_ONCE}, got ${wanted}`);
    }
    if (!(maxHoldMs >= 0)) throw new RangeError(`admit: maxHoldMs must be 0 or more, got ${maxHoldMs}`);
    const [tps, waitUs, delaysUs] = (await this.admitScript([this.logKey, this.tpsKey], [this.defaultTps, this.windowMs, randomUUID(), wanted, maxHoldMs])) as [
      number,
      number,
      number[],
    ];
    return { delaysMs: delaysUs.map((us) => us / 1000), waitMs: waitUs / 1000, tps };
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
