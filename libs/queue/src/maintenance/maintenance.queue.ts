import type { Queue } from 'bullmq';
import { HeraldQueue, type QueueBounds } from '../herald-queue.js';

/** Periodic housekeeping run by whichever worker takes it: the reconciler. */
export const MAINTENANCE_QUEUE = 'herald-maintenance';

const RECONCILE_JOB_NAME = 'reconcile';
/** One scheduler id for every worker process, so upserting it is idempotent. */
const RECONCILE_SCHEDULER_ID = 'reconcile-every';

/** The reconciler's run carries nothing: it reads what to repair from Postgres. */
export type MaintenanceJobData = Record<string, never>;

export class MaintenanceQueue extends HeraldQueue<MaintenanceJobData> {
  constructor(queue: Queue<MaintenanceJobData>, bounds?: QueueBounds) {
    super(queue, bounds);
  }

  /**
   * Every worker process upserts the same scheduler, so there is one scheduled run per
   * interval however many workers there are.
   */
  async scheduleReconciler(everyMs: number): Promise<void> {
    await this.command('scheduling the reconciler', (queue) =>
      queue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: everyMs }, { name: RECONCILE_JOB_NAME, opts: { removeOnComplete: 100, removeOnFail: 100 } }),
    );
  }
}
