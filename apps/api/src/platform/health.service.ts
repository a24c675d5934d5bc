import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type DatabaseHandle } from '../../../../libs/db/src/index.js';
import { checkDependencies, readinessProbes, type HealthReport } from '../../../../libs/health/src/index.js';
import { SendQueue } from '../../../../libs/queue/src/index.js';

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly sendQueue: SendQueue,
  ) {}

  ready(): Promise<HealthReport> {
    return checkDependencies(readinessProbes({ database: this.database, redis: this.sendQueue }));
  }
}
