import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { ExpiringCache } from '../../../../libs/common/src/index.js';
import { ApiKeyRepository, type LiveCredential } from '../../../../libs/db/src/index.js';
import { openRedis, type RedisClient } from '../../../../libs/queue/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';

/** What a change announces: one key changed (revoked, rotated), or anything of one tenant (suspended, new limits). */
const changeSchema = z.union([z.strictObject({ secretHash: z.string().min(1) }), z.strictObject({ tenantId: z.string().min(1) })]);
export type CredentialChange = z.infer<typeof changeSchema>;

/**
 * Every request's key lookup, without a query each time: a credential read from
 * Postgres is kept CREDENTIAL_CACHE_MS. A change (revoke, rotate, suspend) is
 * published on a Redis channel every API process listens to, and each forgets what it
 * kept at once: a revoked key is refused everywhere within a second. Should a message be
 * missed (Redis down while it was sent), the TTL bounds how long a stale entry lives;
 * after the subscriber reconnects, everything is forgotten. Unknown keys are not kept
 * (they cannot fill the memory); the failed-auth throttle bounds their queries.
 */
@Injectable()
export class CredentialCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('CredentialCache');
  /** By the key's hash. */
  private readonly credentials: ExpiringCache<string, LiveCredential>;
  private readonly channel: string;
  private readonly subscriber: RedisClient;
  private readonly publisher: RedisClient;

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.credentials = new ExpiringCache(config.CREDENTIAL_CACHE_MS);
    this.channel = `${config.QUEUE_PREFIX}:credential-changes`;
    // The subscriber is patient (it reconnects and subscribes again by itself); the publisher fails fast.
    this.subscriber = openRedis(config, 'worker');
    this.publisher = openRedis(config, 'producer');
    this.subscriber.on('error', () => undefined);
    this.publisher.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.apply(message);
    });
    // Changes published while this process was cut off were missed: start afresh.
    this.subscriber.on('ready', () => this.credentials.clear());
    // Not awaited: with Redis down the subscription waits for it, and the API starts meanwhile.
    this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`not subscribed to credential changes: ${error.message}`));
  }

  find(secretHash: string): Promise<LiveCredential | undefined> {
    return this.credentials.get(secretHash, () => this.keys.findLive(secretHash));
  }

  /** Forgets here, then tells every other API process. */
  async announce(change: CredentialChange): Promise<void> {
    this.forget(change);
    await this.publisher.publish(this.channel, JSON.stringify(change)).catch((error: Error) => {
      this.logger.warn(`credential change not announced (other API processes see it within ${this.config.CREDENTIAL_CACHE_MS} ms): ${error.message}`);
    });
  }

  private apply(message: string): void {
    let change: CredentialChange;
    try {
      change = changeSchema.parse(JSON.parse(message));
    } catch {
      // Anyone with access to Redis can publish: what does not parse changes nothing but the cache.
      this.credentials.clear();
      return;
    }
    this.forget(change);
  }

  private forget(change: CredentialChange): void {
    if ('secretHash' in change) this.credentials.forget(change.secretHash);
    else this.credentials.forgetWhere((credential) => credential.tenant?.id === change.tenantId);
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT would wait in the offline queue of a subscriber that never connected.
    await Promise.all(
      [this.subscriber, this.publisher].map(async (redis) => {
        if (redis.status !== 'ready') return redis.disconnect();
        await redis.quit().catch(() => redis.disconnect());
      }),
    );
  }
}
