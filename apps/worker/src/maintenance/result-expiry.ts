import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotificationRepository } from '../../../../libs/db/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/** Rows expired per statement, and statements per maintenance run. */
const BATCH = 1000;
const ROUNDS = 20;

/**
 * Gives every message a final status even when the vendor's result never comes: a row
 * still `sent` (or `failback_sent`) REPORT_EXPIRE_AFTER_HOURS after the vendor took it
 * becomes `expired`, with its history row, so producers and campaigns are not left
 * waiting forever. Runs with the maintenance job.
 */
@Injectable()
export class ResultExpiry {
  private readonly logger = new Logger(ResultExpiry.name);

  constructor(
    private readonly notifications: NotificationRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async run(now = Date.now()): Promise<number> {
    const hours = this.config.REPORT_EXPIRE_AFTER_HOURS;
    const before = new Date(now - hours * 3600_000);
    const detail = `no final result from the vendor within ${hours} h`;
    let expired = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const moved = await this.notifications.expireUnreported(before, BATCH, detail);
      expired += moved;
      if (moved < BATCH) break;
    }
    if (expired > 0) this.logger.warn(`${expired} message(s) expired: ${detail}`);
    return expired;
  }
}
