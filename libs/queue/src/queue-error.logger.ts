import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ALL_HERALD_QUEUES } from './all-queues.js';
import type { HeraldQueue } from './herald-queue.js';

const QUIET_MS = 10_000;

/**
 * A queue with no 'error' listener prints every reconnect failure; while Redis is
 * down that is dozens of lines a second per queue. Log the first, then one per QUIET_MS.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Queue');
  private lastLoggedAt = 0;

  constructor(@Inject(ALL_HERALD_QUEUES) private readonly queues: Array<HeraldQueue<unknown>>) {}

  onModuleInit(): void {
    for (const queue of this.queues) {
      queue.onError((error) => {
        if (Date.now() - this.lastLoggedAt < QUIET_MS) return;
        this.lastLoggedAt = Date.now();
        this.logger.error(`${queue.name}: ${error.message}`);
      });
    }
  }
}
