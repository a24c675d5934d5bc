import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { ALL_QUEUES } from './all-queues.js';

const QUIET_MS = 10_000;

/**
 * A queue with no 'error' listener prints every reconnect failure; while Redis is
 * down that is dozens of lines a second per queue. Log the first, then one per QUIET_MS.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Queue');
  private lastLoggedAt = 0;

  constructor(private readonly modules: ModuleRef) {}

  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      this.modules.get<Queue>(getQueueToken(name), { strict: false }).on('error', (error) => {
        if (Date.now() - this.lastLoggedAt < QUIET_MS) return;
        this.lastLoggedAt = Date.now();
        this.logger.error(`${name}: ${error.message}`);
      });
    }
  }
}
