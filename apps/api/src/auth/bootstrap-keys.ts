import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ApiKeyRepository } from '../../../../libs/db/src/index.js';
import { DEFAULT_TENANT_ID } from '../../../../libs/domain/src/index.js';
import { API_CONFIG, type ApiConfig } from '../api-config.js';
import { rowFor } from './key-material.js';

const RETRY_MS = 2000;

/**
 * The keys named in the environment become rows of api_keys at start: HERALD_API_KEYS
 * the default tenant's producer keys, HERALD_OPERATOR_KEYS operator keys. Added by
 * hash and never changed after, so a key revoked through the admin API stays revoked
 * even while its variable still names it (remove it from the variable too).
 */
@Injectable()
export class BootstrapKeys implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BootstrapKeys');

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private retry?: NodeJS.Timeout;

  /**
   * Awaited when Postgres answers, so the keys work from the first request. With
   * Postgres down the API starts all the same (it answers 503 meanwhile) and tries
   * again until the keys are stored.
   */
  async onApplicationBootstrap(): Promise<void> {
    const producers = this.config.HERALD_API_KEYS.map((key) => rowFor(key, 'producer', DEFAULT_TENANT_ID));
    const operators = this.config.HERALD_OPERATOR_KEYS.map((key) => rowFor(key, 'operator', null));
    if (producers.length + operators.length === 0) return;
    const store = async (): Promise<void> => {
      try {
        await this.keys.ensure([...producers, ...operators]);
        this.logger.log(
          `keys from the environment: ${producers.map((row) => row.id).join(', ') || 'no'} producer, ${operators.map((row) => row.id).join(', ') || 'no'} operator`,
        );
      } catch (error) {
        this.logger.warn(`keys from the environment not stored yet, retrying in ${RETRY_MS} ms: ${(error as Error).message.split('\n')[0]}`);
        this.retry = setTimeout(() => void store(), RETRY_MS);
        this.retry.unref();
      }
    };
    await store();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }
}
