import { Inject, Injectable, Logger } from '@nestjs/common';
import { MAINTENANCE_QUEUE, MaintenanceQueue, QueueConsumer, type ConsumerOptions, type JobDataOf } from '../../../../libs/queue/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import { Reconciler, type ReconcileReport } from './reconciler.js';
import { StorageRetention } from './storage-retention.js';
import { ReportInboxDrain } from '../reports/report-inbox-drain.js';
import { ResultExpiry } from './result-expiry.js';
import { ResultLookup } from '../reports/result-lookup.js';

/**
 * Runs the report inbox's drain, the reconciler and storage retention on a BullMQ job scheduler: every worker process upserts the
 * same scheduler, and one run at a time happens across all of them (concurrency 1
 * per process, one scheduled job per interval). The scheduler lives in Redis, so a
 * Redis restarted empty would lose it, and with it the reconciler that re-queues
 * what Redis lost: each process upserts it again every interval (idempotent).
 */
@Injectable()
export class MaintenanceConsumer extends QueueConsumer<JobDataOf<MaintenanceQueue>, ReconcileReport> {
  protected readonly logger = new Logger(MaintenanceConsumer.name);

  constructor(
    private readonly reconciler: Reconciler,
    private readonly retention: StorageRetention,
    private readonly reportInbox: ReportInboxDrain,
    private readonly resultExpiry: ResultExpiry,
    private readonly resultLookup: ResultLookup,
    private readonly maintenanceQueue: MaintenanceQueue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    super(MAINTENANCE_QUEUE, config);
  }

  private keepScheduled?: NodeJS.Timeout;

  protected override async beforeStart(): Promise<void> {
    await this.maintenanceQueue.scheduleReconciler(this.config.RECONCILE_EVERY_MS);
    this.keepScheduled = setInterval(() => {
      this.maintenanceQueue.scheduleReconciler(this.config.RECONCILE_EVERY_MS).catch((error: unknown) => {
        this.logger.warn(`could not re-upsert the reconciler's scheduler: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, this.config.RECONCILE_EVERY_MS);
    this.keepScheduled.unref();
  }

  protected override beforeClose(): void {
    clearInterval(this.keepScheduled);
  }

  /** A scheduled run is not delayed: the next one comes at its interval anyway. */
  protected override waitsOutStoreOutages(): boolean {
    return false;
  }

  protected options(): ConsumerOptions {
    return { concurrency: 1 };
  }

  /**
   * The report callbacks the API kept in Postgres, then the reconciler, then the
   * lookup of results whose report did not come, then the expiry of results that never
   * came, then storage retention; retention failing (a lock not had in time) is retried next run.
   */
  protected async process(): Promise<ReconcileReport> {
    await this.reportInbox.run();
    const report = await this.reconciler.run();
    // A vendor that cannot answer lookups now is asked again next run.
    await this.resultLookup.run().catch((error: unknown) => {
      this.logger.warn(`result lookup: ${error instanceof Error ? error.message : String(error)}`);
    });
    await this.resultExpiry.run();
    await this.retention.run().catch((error: unknown) => {
      this.logger.error(`storage retention: ${error instanceof Error ? error.message : String(error)}`);
    });
    return report;
  }
}
