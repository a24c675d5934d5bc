import { Injectable, Logger } from '@nestjs/common';
import { ReportInboxRepository } from '../../../../libs/db/src/index.js';
import { ReportQueue, type VendorReport } from '../../../../libs/queue/src/index.js';

/** Callbacks moved per transaction, and transactions per maintenance run. */
const CALLBACKS_PER_ROUND = 200;
const ROUNDS_PER_RUN = 50;

/**
 * Moves the report callbacks the API kept in Postgres while Redis was down into the
 * report queue, where they are applied like any other. Runs with the maintenance job
 * (which itself needs Redis): the first run after Redis is back empties the inbox.
 */
@Injectable()
export class ReportInboxDrain {
  private readonly logger = new Logger(ReportInboxDrain.name);

  constructor(
    private readonly inbox: ReportInboxRepository,
    private readonly reportQueue: ReportQueue,
  ) {}

  async run(): Promise<number> {
    let moved = 0;
    for (let round = 0; round < ROUNDS_PER_RUN; round++) {
      const taken = await this.inbox.drain<VendorReport>(CALLBACKS_PER_ROUND, (callbacks) =>
        this.reportQueue.acceptStored(callbacks.map(({ id, reports, receivedAt }) => ({ inboxId: id, reports, receivedAt }))),
      );
      moved += taken;
      if (taken < CALLBACKS_PER_ROUND) break;
    }
    if (moved > 0) this.logger.log(`queued ${moved} report callback(s) the API had kept in Postgres`);
    return moved;
  }
}
