import { once } from 'node:events';
import { withTimeout } from '../../common/src/index.js';
import { openRedis, type RedisClient, type RedisSettings } from '../../queue/src/index.js';
import { luaCommand, type LuaCommand } from './lua-command.js';

const CONNECT_WAIT_MS = 2000;
/** A day's counter outlives its day by this much, whatever the tenant's time zone. */
const COUNTER_TTL_SECONDS = 2 * 24 * 3600;

/**
 * Spends `count` from the day's counter only if it all fits: a batch of 100 with 50
 * left is refused whole, and nothing is spent. Returns what was used before this call.
 */
const SPEND = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local count = tonumber(ARGV[1])
if used + count > tonumber(ARGV[2]) then return {0, used} end
redis.call('INCRBY', KEYS[1], count)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {1, used + count}
`;

/** A tenant's messages per calendar day (its daily quota), counted in Redis for every API process. */
export class DailyQuota {
  private readonly redis: RedisClient;
  private readonly spendScript: LuaCommand;

  constructor(private readonly options: { redis: RedisSettings }) {
    this.redis = openRedis(options.redis, 'producer', { enableAutoPipelining: true });
    this.redis.on('error', () => undefined);
    this.spendScript = luaCommand(this.redis, 'heraldQuotaSpend', SPEND, 1);
  }

  async onModuleInit(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await withTimeout(once(this.redis, 'ready'), CONNECT_WAIT_MS, 'daily quota redis').catch(() => undefined);
  }

  /** `day` names the tenant's calendar day (quota-day.ts). */
  async spend(tenantId: string, day: string, count: number, quota: number): Promise<{ allowed: boolean; used: number }> {
    const [allowed, used] = (await this.spendScript([this.keyOf(tenantId, day)], [count, quota, COUNTER_TTL_SECONDS])) as [number, number];
    return { allowed: allowed === 1, used };
  }

  /** Gives back what a request spent but did not store (its insert failed). */
  async refund(tenantId: string, day: string, count: number): Promise<void> {
    await this.redis.decrby(this.keyOf(tenantId, day), count);
  }

  private keyOf(tenantId: string, day: string): string {
    return `${this.options.redis.QUEUE_PREFIX}:quota:{${tenantId}}:${day}`;
  }

  onApplicationShutdown(): Promise<void> {
    return this.redis.quit().then(
      () => undefined,
      () => this.redis.disconnect(),
    );
  }
}
