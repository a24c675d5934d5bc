import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { deadLettersProvider } from '../../../libs/dead-letters/src/index.js';
import { DatabaseModule } from '../../../libs/db/src/index.js';
import { ALL_QUEUES, QueueErrorLogger, queueRootOptions } from '../../../libs/queue/src/index.js';
import { HttpVendorClient } from '../../../libs/vendor/src/index.js';
import { CampaignBatchService } from './campaign-batch.service.js';
import { CampaignExpander } from './campaign-expander.js';
import { CampaignSendGate } from './campaign-send-gate.js';
import { CampaignWorker } from './campaign.worker.js';
import { AlimtalkSender } from './alimtalk-sender.js';
import { DeliveryService } from './delivery.service.js';
import { DeadLetterWorker } from './dlq.worker.js';
import { FailbackService } from './failback.service.js';
import { HealthServer } from './health.server.js';
import { MaintenanceWorker } from './maintenance.worker.js';
import { RateLimitService } from './rate-limit.service.js';
import { ReconcilerService } from './reconciler.service.js';
import { ReportBatcher } from './report-batcher.js';
import { ReportWorker } from './report.worker.js';
import { SendFailureHandler } from './send-failure.handler.js';
import { SendWorker } from './send.worker.js';
import { StatusBatcher } from './status-batcher.js';
import { VENDOR_CLIENT, WORKER_CONFIG, type WorkerConfig } from './worker-config.js';
import { createWorkerMetrics, WORKER_METRICS } from './worker-metrics.js';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        // Queues the worker writes to (requeue, dead letters, scheduler); its consumers are built by hand.
        BullModule.forRoot(queueRootOptions(config, 'worker')),
        ...ALL_QUEUES.map((name) => BullModule.registerQueue({ name })),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: WORKER_METRICS, useFactory: createWorkerMetrics },
        RateLimitService,
        {
          provide: VENDOR_CLIENT,
          useFactory: () =>
            new HttpVendorClient({
              url: config.VENDOR_URL,
              clientId: config.VENDOR_CLIENT_ID,
              clientSecret: config.VENDOR_CLIENT_SECRET,
              timeoutMs: config.VENDOR_TIMEOUT_MS,
              connections: config.WORKER_CONCURRENCY,
            }),
        },
        deadLettersProvider(config.SEND_ATTEMPTS),
        SendFailureHandler,
        CampaignSendGate,
        StatusBatcher,
        DeliveryService,
        CampaignBatchService,
        AlimtalkSender,
        FailbackService,
        ReconcilerService,
        SendWorker,
        DeadLetterWorker,
        MaintenanceWorker,
        ReportBatcher,
        ReportWorker,
        CampaignExpander,
        CampaignWorker,
        HealthServer,
        QueueErrorLogger,
      ],
    };
  }
}
