import { once } from 'node:events';
import { withTimeout } from '../../common/src/index.js';
import { openRedis, type RedisClient, type RedisSettings } from '../../queue/src/index.js';
import { luaCommand, type LuaCommand } from './lua-command.js';

/** How long start-up waits for the limiter's Redis connection before going on without it. */
const CONNECT_WAIT_MS = 2000;

export interface RateDecision {
  allowed: boolean;
  /** The bucket's size (RateLimit-Limit). */
  limit: number;
  /** Whole requests left in the bucket after this one (RateLimit-Remaining). */
  remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  resetSeconds: number;
  /** When refused: seconds until one request fits (Retry-After); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * A token bucket per key, refilled continuously, held in Redis so every API process
 * spends from the same budget. Time is Redis's own clock, so processes with skewed
 * clocks never disagree. A refused request takes nothing from the bucket.
 */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
return {allowed, tostring(tokens)}
`;

/** A bucket's refill rate and size. */
export interface BucketRates {
  perSecond: number;
  burst: number;
}

/**
 * The API request limit per tenant (all of a tenant's keys share it): the tenant's own
 * rates, or API_RATE_LIMIT_PER_SECOND / _BURST; shared by every API process.
 */
export class ApiKeyRateLimiter {
  private readonly redis: RedisClient;
  private readonly takeScript: LuaCommand;

  constructor(private readonly options: { redis: RedisSettings } & BucketRates) {
    // Producer options: with Redis down a command fails at once instead of holding the request.
    // Auto-pipelining: the requests arriving together send their takes in one write
    // (each write is a system call, and one per request was a tenth of the API's CPU).
    this.redis = openRedis(options.redis, 'producer', { enableAutoPipelining: true });
    this.redis.on('error', () => undefined); // callers see failures on their own commands
    this.takeScript = luaCommand(this.redis, 'heraldApiRateTake', TAKE, 1);
  }

  /**
   * Producer connections refuse commands until connected, so the first requests after
   * start-up would go unlimited; wait for the connection, but do not hold the API's
   * start-up on a Redis outage (it fails open, like any request meeting one).
   */
  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await withTimeout(once(this.redis, 'ready'), CONNECT_WAIT_MS, 'api rate limiter redis').catch(() => undefined);
  }

  /**
   * Spends `cost` messages (a batch request costs one per message it carries; never
   * more than the bucket holds, so the largest batch can always pass once it is full).
   */
  async take(bucket: string, cost = 1, rates: Partial<BucketRates> = {}): Promise<RateDecision> {
    const perSecond = rates.perSecond ?? this.options.perSecond;
    const burst = rates.burst ?? this.options.burst;
    const prefix = this.options.redis.QUEUE_PREFIX;
    const spend = Math.min(Math.max(1, cost), burst);
    // One key per script call, so it needs no hash tag of its own to run on a cluster.
    const [allowed, left] = (await this.takeScript([`${prefix}:api-rate:{${bucket}}`], [perSecond, burst, spend])) as [number, string];
    const tokens = Number(left);
    return {
      allowed: allowed === 1,
      limit: burst,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil((burst - tokens) / perSecond),
      retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil((spend - tokens) / perSecond)),
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
