import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ApiKeyRepository } from '../../../../libs/db/src/index.js';

/** How often the keys used since the last write get their last_used_at. */
const FLUSH_MS = 60_000;

/**
 * Keeps `last_used_at` of api_keys to the minute without a write per request: the
 * ids of keys used are collected and written in one statement a minute (and at
 * shutdown). A lost write costs only a stale "last used".
 */
@Injectable()
export class KeyUseRecorder implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('KeyUse');
  private used = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly keys: ApiKeyRepository) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  record(keyId: string): void {
    this.used.add(keyId);
  }

  async flush(): Promise<void> {
    if (this.used.size === 0) return;
    const ids = [...this.used];
    this.used = new Set();
    await this.keys.touch(ids).catch((error: Error) => this.logger.warn(`last use of ${ids.length} key(s) not recorded: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
