import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { deadLettersProvider } from '../../../libs/dead-letters/src/index.js';
import { DatabaseModule } from '../../../libs/db/src/index.js';
import { ALL_QUEUES, QueueErrorLogger, queueRootOptions, SEND_QUEUE, sendJobOptions } from '../../../libs/queue/src/index.js';
import { API_CONFIG, type ApiConfig } from './api-config.js';
import { CampaignsController } from './controllers/campaigns.controller.js';
import { DeadLettersController } from './controllers/dead-letters.controller.js';
import { DocsController } from './controllers/docs.controller.js';
import { HealthController } from './controllers/health.controller.js';
import { SuppressionsController } from './controllers/suppressions.controller.js';
import { MetricsController } from './controllers/metrics.controller.js';
import { NotificationsController } from './controllers/notifications.controller.js';
import { RateLimitController } from './controllers/rate-limit.controller.js';
import { TemplatesController } from './controllers/templates.controller.js';
import { VendorReportsController } from './controllers/vendor-reports.controller.js';
import { CampaignService } from './services/campaign.service.js';
import { API_METRICS, createApiMetrics } from './metrics/api-metrics.js';
import { apiRateLimiterProvider } from './rate-limit/api-rate-limiter.provider.js';
import { DeadLetterService } from './services/dead-letter.service.js';
import { HealthService } from './services/health.service.js';
import { NotificationService } from './services/notification.service.js';
import { TemplateCache } from './services/template-cache.js';
import { RateLimitService } from './services/rate-limit.service.js';
import { ReportService } from './services/report.service.js';
import { SuppressionService } from './services/suppression.service.js';
import { TemplateService } from './services/template.service.js';

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        BullModule.forRoot(queueRootOptions(config, 'producer')),
        ...ALL_QUEUES.map((name) =>
          BullModule.registerQueue({
            name,
            ...(name === SEND_QUEUE ? { defaultJobOptions: sendJobOptions({ attempts: config.SEND_ATTEMPTS }) } : {}),
          }),
        ),
      ],
      controllers: [
        TemplatesController,
        NotificationsController,
        CampaignsController,
        SuppressionsController,
        VendorReportsController,
        DeadLettersController,
        RateLimitController,
        HealthController,
        MetricsController,
        DocsController,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: API_METRICS, useFactory: (...queues: Queue[]) => createApiMetrics(queues), inject: ALL_QUEUES.map(getQueueToken) },
        deadLettersProvider(config.SEND_ATTEMPTS),
        apiRateLimiterProvider,
        TemplateCache,
        TemplateService,
        DeadLetterService,
        RateLimitService,
        NotificationService,
        ReportService,
        CampaignService,
        SuppressionService,
        HealthService,
        QueueErrorLogger,
      ],
    };
  }
}
