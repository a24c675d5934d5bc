import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DATABASE, type DatabaseHandle } from '../../../../libs/db/src/index.js';
import { checkDependencies, type HealthReport } from '../../../../libs/health/src/index.js';
import { SEND_QUEUE } from '../../../../libs/queue/src/index.js';

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue,
  ) {}

  async check(): Promise<HealthReport> {
    return checkDependencies({
      postgres: () => this.database.pool.query('select 1'),
      // Any queue command is a Redis round trip; counting waiting jobs is O(1).
      redis: () => this.sendQueue.getWaitingCount(),
    });
  }
}
