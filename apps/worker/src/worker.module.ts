import { Module, type DynamicModule } from '@nestjs/common';
import { DeadLetters } from '../../../libs/dead-letters/src/index.js';
import { DatabaseModule } from '../../../libs/db/src/index.js';
import { QueueModule } from '../../../libs/queue/src/index.js';
import { HttpVendorClient } from '../../../libs/vendor/src/index.js';
import { CampaignBatchSender } from './campaigns/campaign-batch-sender.js';
import { CampaignExpander } from './campaigns/campaign-expander.js';
import { CampaignExpansionConsumer } from './campaigns/campaign-expansion.consumer.js';
import { CampaignSendGate } from './campaigns/campaign-send-gate.js';
import { DeadLetterConsumer } from './dead-letters/dead-letter.consumer.js';
import { HealthServer } from './http/health.server.js';
import { MaintenanceConsumer } from './maintenance/maintenance.consumer.js';
import { Reconciler } from './maintenance/reconciler.js';
import { StorageRetention } from './maintenance/storage-retention.js';
import { ReportBatcher } from './reports/report-batcher.js';
import { ReportConsumer } from './reports/report.consumer.js';
import { AlimtalkBulkSender } from './send/alimtalk-bulk-sender.js';
import { AlimtalkLeg } from './send/alimtalk-leg.js';
import { FailbackLeg } from './send/failback-leg.js';
import { SendFailureHandler } from './send/send-failure.handler.js';
import { SendStatusWriter } from './send/send-status-writer.js';
import { SendConsumer } from './send/send.consumer.js';
import { VendorRateGate } from './send/vendor-rate-gate.js';
import { SenderProfiles } from './send/sender-profiles.js';
import { EarlierAttempts } from './send/earlier-attempt.js';
import { ReportInboxDrain } from './reports/report-inbox-drain.js';
import { ResultExpiry } from './maintenance/result-expiry.js';
import { ResultLookup } from './reports/result-lookup.js';
import { VENDOR_CLIENT, WORKER_CONFIG, type WorkerConfig } from './worker-config.js';
import { createWorkerMetrics, WORKER_METRICS } from './worker-metrics.js';

/** The worker app, by stage: send, campaigns, reports, dead letters, maintenance, and its health server. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        QueueModule.forRoot({ connection: config, role: 'worker', sendAttempts: config.SEND_ATTEMPTS }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: WORKER_METRICS, useFactory: createWorkerMetrics },
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
        DeadLetters,
        // send/
        VendorRateGate,
        SendStatusWriter,
        AlimtalkBulkSender,
        SendFailureHandler,
        SenderProfiles,
        EarlierAttempts,
        AlimtalkLeg,
        FailbackLeg,
        SendConsumer,
        // campaigns/
        CampaignSendGate,
        CampaignBatchSender,
        CampaignExpander,
        CampaignExpansionConsumer,
        // reports/
        ReportBatcher,
        ReportConsumer,
        ReportInboxDrain,
        ResultExpiry,
        ResultLookup,
        // dead-letters/
        DeadLetterConsumer,
        // maintenance/
        Reconciler,
        StorageRetention,
        MaintenanceConsumer,
        // http/
        HealthServer,
      ],
    };
  }
}
