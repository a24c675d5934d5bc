import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { SEND_QUEUE } from '../../../../libs/queue/src/index.js';

const QUIET_MS = 10_000;

/**
 * A queue with no 'error' listener prints every reconnect failure; while Redis is
 * down that is dozens of lines a second. Log the first, then one per QUIET_MS.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Queue');
  private lastLoggedAt = 0;

  constructor(@InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue) {}

  onModuleInit(): void {
    this.sendQueue.on('error', (error) => {
      if (Date.now() - this.lastLoggedAt < QUIET_MS) return;
      this.lastLoggedAt = Date.now();
      this.logger.error(`${SEND_QUEUE}: ${error.message}`);
    });
  }
}
