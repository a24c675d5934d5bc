import { Inject, Injectable, Logger } from '@nestjs/common';
import { MAINTENANCE_QUEUE, MaintenanceQueue, QueueConsumer, type ConsumerOptions, type JobDataOf } from '../../../../libs/queue/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import { Reconciler, type ReconcileReport } from './reconciler.js';

/**
 * Runs the reconciler on a BullMQ job scheduler: every worker process upserts the
 * same scheduler, and one run at a time happens across all of them (concurrency 1
 * per process, one scheduled job per interval).
 */
@Injectable()
export class MaintenanceConsumer extends QueueConsumer<JobDataOf<MaintenanceQueue>, ReconcileReport> {
  protected readonly logger = new Logger(MaintenanceConsumer.name);

  constructor(
    private readonly reconciler: Reconciler,
    private readonly maintenanceQueue: MaintenanceQueue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    super(MAINTENANCE_QUEUE, config);
  }

  protected override beforeStart(): Promise<void> {
    return this.maintenanceQueue.scheduleReconciler(this.config.RECONCILE_EVERY_MS);
  }

  protected options(): ConsumerOptions {
    return { concurrency: 1 };
  }

  protected process(): Promise<ReconcileReport> {
    return this.reconciler.run();
  }
}
