import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '../../../libs/db/src/index.js';
import { queueRootOptions, SEND_QUEUE, sendJobOptions } from '../../../libs/queue/src/index.js';
import { API_CONFIG, type ApiConfig } from './api-config.js';
import { HealthController } from './controllers/health.controller.js';
import { NotificationsController } from './controllers/notifications.controller.js';
import { TemplatesController } from './controllers/templates.controller.js';
import { VendorReportsController } from './controllers/vendor-reports.controller.js';
import { HealthService } from './services/health.service.js';
import { NotificationService } from './services/notification.service.js';
import { QueueErrorLogger } from './services/queue-error.logger.js';
import { ReportService } from './services/report.service.js';
import { TemplateService } from './services/template.service.js';

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
        BullModule.forRoot(queueRootOptions(config, 'producer')),
        BullModule.registerQueue({
          name: SEND_QUEUE,
          defaultJobOptions: sendJobOptions({ attempts: config.SEND_ATTEMPTS, backoffMs: config.SEND_BACKOFF_MS }),
        }),
      ],
      controllers: [TemplatesController, NotificationsController, VendorReportsController, HealthController],
      providers: [{ provide: API_CONFIG, useValue: config }, TemplateService, NotificationService, ReportService, HealthService, QueueErrorLogger],
    };
  }
}
