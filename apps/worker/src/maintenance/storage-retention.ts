import { Inject, Injectable, Logger } from '@nestjs/common';
import { DATABASE, PARTITION_WEEKS_AHEAD, PartitionRepository, type DatabaseHandle } from '../../../../libs/db/src/index.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

export interface RetentionReport {
  created: string[];
  dropped: string[];
}

/**
 * The storage side of maintenance, run with the reconciler: week partitions made
 * PARTITION_WEEKS_AHEAD weeks ahead, and those wholly older than RETENTION_DAYS dropped
 * (a notification, its history, and a finished campaign with its recipients go
 * together). Cheap when there is nothing to do: one catalog read per table.
 */
@Injectable()
export class StorageRetention {
  private readonly logger = new Logger(StorageRetention.name);
  private readonly partitions: PartitionRepository;

  constructor(
    @Inject(DATABASE) database: DatabaseHandle,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    this.partitions = new PartitionRepository(database.pool);
  }

  async run(now = Date.now()): Promise<RetentionReport> {
    const created = await this.partitions.ensureAhead(now, PARTITION_WEEKS_AHEAD);
    const dropped = await this.partitions.dropPastRetention(now, this.config.RETENTION_DAYS);
    if (created.length > 0) this.logger.log(`partitions made ahead: ${created.join(', ')}`);
    if (dropped.length > 0) this.logger.log(`partitions past ${this.config.RETENTION_DAYS} days dropped: ${dropped.join(', ')}`);
    return { created, dropped };
  }
}
