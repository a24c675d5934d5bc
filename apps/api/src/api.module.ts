import { Module, type DynamicModule } from '@nestjs/common';
import { DeadLetters } from '../../../libs/dead-letters/src/index.js';
import { DatabaseModule } from '../../../libs/db/src/index.js';
import { ALL_HERALD_QUEUES, QueueModule, type HeraldQueue } from '../../../libs/queue/src/index.js';
import { API_CONFIG, type ApiConfig } from './api-config.js';
import { apiKeyRateLimiterProvider, dailyQuotaProvider } from './auth/api-key-rate-limiter.provider.js';
import { BootstrapKeys } from './auth/bootstrap-keys.js';
import { CredentialCache } from './auth/credential-cache.js';
import { KeyUseRecorder } from './auth/key-use-recorder.js';
import { OperatorDeadLettersController } from './dead-letters/operator-dead-letters.controller.js';
import { OperatorSuppressionsController } from './suppressions/operator-suppressions.controller.js';
import { DailyQuotaGate } from './tenants/daily-quota.gate.js';
import { TenantAdminService } from './tenants/tenant-admin.service.js';
import { TenantsAdminController } from './tenants/tenants-admin.controller.js';
import { CampaignService } from './campaigns/campaign.service.js';
import { CampaignsController } from './campaigns/campaigns.controller.js';
import { DeadLetterService } from './dead-letters/dead-letter.service.js';
import { DeadLettersController } from './dead-letters/dead-letters.controller.js';
import { NotificationService } from './notifications/notification.service.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { API_METRICS, createApiMetrics } from './platform/api-metrics.js';
import { DocsController } from './platform/docs.controller.js';
import { HealthController } from './platform/health.controller.js';
import { HealthService } from './platform/health.service.js';
import { MetricsController } from './platform/metrics.controller.js';
import { ReportService } from './reports/report.service.js';
import { VendorReportsController } from './reports/vendor-reports.controller.js';
import { SuppressionService } from './suppressions/suppression.service.js';
import { SuppressionsController } from './suppressions/suppressions.controller.js';
import { TemplateCache } from './templates/template-cache.js';
import { TemplateService } from './templates/template.service.js';
import { TemplatesController } from './templates/templates.controller.js';
import { VendorBudgetController } from './vendor-budget/vendor-budget.controller.js';
import { VendorBudgetService } from './vendor-budget/vendor-budget.service.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

/** The API app, by area: each folder holds an area's controller, service and DTOs. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        QueueModule.forRoot({ connection: config, role: 'producer', sendAttempts: config.SEND_ATTEMPTS, commandTimeoutMs: config.ENQUEUE_TIMEOUT_MS }),
      ],
      controllers: [
        TemplatesController,
        NotificationsController,
        CampaignsController,
        SuppressionsController,
        WebhooksController,
        VendorReportsController,
        DeadLettersController,
        VendorBudgetController,
        TenantsAdminController,
        OperatorDeadLettersController,
        OperatorSuppressionsController,
        HealthController,
        MetricsController,
        DocsController,
      ],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: API_METRICS, useFactory: (queues: Array<HeraldQueue<unknown>>) => createApiMetrics(queues), inject: [ALL_HERALD_QUEUES] },
        DeadLetters,
        apiKeyRateLimiterProvider,
        dailyQuotaProvider,
        DailyQuotaGate,
        CredentialCache,
        KeyUseRecorder,
        BootstrapKeys,
        TenantAdminService,
        TemplateCache,
        TemplateService,
        DeadLetterService,
        VendorBudgetService,
        NotificationService,
        ReportService,
        CampaignService,
        SuppressionService,
        WebhookService,
        HealthService,
      ],
    };
  }
}
