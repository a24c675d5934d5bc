import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { DATABASE, type DatabaseHandle } from '../../../../libs/db/src/index.js';
import { checkDependencies, readinessProbes, type HealthReport } from '../../../../libs/health/src/index.js';
import { SEND_QUEUE } from '../../../../libs/queue/src/index.js';

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @InjectQueue(SEND_QUEUE) private readonly sendQueue: Queue,
  ) {}

  ready(): Promise<HealthReport> {
    return checkDependencies(readinessProbes({ pool: this.database.pool, queue: this.sendQueue }));
  }
}
