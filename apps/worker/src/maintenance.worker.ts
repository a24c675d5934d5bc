import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue, Worker } from 'bullmq';
import { MAINTENANCE_QUEUE, RECONCILE_JOB_NAME, RECONCILE_SCHEDULER_ID } from '../../../libs/queue/src/index.js';
import { closeGracefully, startWorker } from './managed-worker.js';
import { ReconcilerService, type ReconcileReport } from './reconciler.service.js';
import { WORKER_CONFIG, type WorkerConfig } from './worker-config.js';

/**
 * Runs the reconciler on a BullMQ job scheduler: every worker process upserts the
 * same scheduler, and one run at a time happens across all of them (concurrency 1
 * per process, one scheduled job per interval).
 */
@Injectable()
export class MaintenanceWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MaintenanceWorker.name);
  private worker?: Worker<unknown, ReconcileReport>;

  constructor(
    private readonly reconciler: ReconcilerService,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenanceQueue: Queue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.maintenanceQueue.upsertJobScheduler(
      RECONCILE_SCHEDULER_ID,
      { every: this.config.RECONCILE_EVERY_MS },
      { name: RECONCILE_JOB_NAME, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    this.worker = startWorker<unknown, ReconcileReport>(MAINTENANCE_QUEUE, () => this.reconciler.run(), this.config, this.logger, {
      concurrency: 1,
    });
  }

  beforeApplicationShutdown(): Promise<void> {
    return closeGracefully(this.worker, this.config.WORKER_SHUTDOWN_GRACE_MS, this.logger);
  }
}
