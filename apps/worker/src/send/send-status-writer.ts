import { Inject, Injectable } from '@nestjs/common';
import { MicroBatcher, roundsOfUniqueIds, unlessUnavailable } from '../../../../libs/common/src/index.js';
import { NotificationRepository, type Claim, type Move } from '../../../../libs/db/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/**
 * Statements of one batch that may run at once. Two lets one batch commit (wait for
 * its WAL flush) while the next is already on its way; what arrives meanwhile
 * gathers into the batch after, so batches grow with load without a fixed delay.
 */
const STATEMENTS_IN_FLIGHT = 2;

/**
 * Writes the send path's status changes of all concurrent jobs of this process in
 * shared statements: the claim before the vendor call (pending|sending → sending)
 * and the vendor's acceptance after it (sending → sent, failed → failback_sent).
 * Each is still a conditional transition per row; each caller's promise settles
 * with its own row's outcome once the statement holding it has committed, so a job
 * never sends before its claim is durable and never completes before its outcome is.
 */
@Injectable()
export class SendStatusWriter {
  private readonly claims: MicroBatcher<string, Claim | undefined>;
  private readonly moves: MicroBatcher<Move, boolean>;

  constructor(
    private readonly notifications: NotificationRepository,
    @Inject(WORKER_CONFIG) config: WorkerConfig,
  ) {
    // A row that fails the shared statement fails its own job alone (splitWhen); the others go on.
    const shape = { maxSize: config.SEND_BATCH_SIZE, maxWaitMs: config.SEND_BATCH_WAIT_MS, maxInFlight: STATEMENTS_IN_FLIGHT, splitWhen: unlessUnavailable };
    this.claims = new MicroBatcher({ ...shape, run: (ids) => this.claimAll(ids) });
    this.moves = new MicroBatcher({ ...shape, run: (moves) => this.moveAll(moves) });
  }

  /** The row claimed (or found unclaimable, with its status), or undefined if it does not exist. */
  claim(id: string): Promise<Claim | undefined> {
    return this.claims.submit(id);
  }

  /** Applies the move if the row is still in `move.from`; false when it was not (e.g. a report overtook it). */
  move(move: Move): Promise<boolean> {
    return this.moves.submit(move);
  }

  private async claimAll(ids: string[]): Promise<Array<Claim | undefined>> {
    const claims = await this.notifications.claimForSending([...new Set(ids)], 'worker');
    const byId = new Map(claims.map((claim) => [claim.row.id, claim]));
    return ids.map((id) => byId.get(id));
  }

  private async moveAll(moves: Move[]): Promise<boolean[]> {
    const applied = new Set<Move>();
    for (const round of roundsOfUniqueIds(moves)) {
      const moved = new Set(await this.notifications.transitionMany(round, 'worker'));
      for (const move of round) if (moved.has(move.id)) applied.add(move);
    }
    return moves.map((move) => applied.has(move));
  }
}
