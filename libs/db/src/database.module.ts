import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { connectDatabase, type DatabaseHandle } from './database.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { NotificationRepository } from './notification.repository.js';
import { ReportRepository } from './report.repository.js';
import { CampaignRepository } from './campaign.repository.js';
import { RecipientStore } from './recipient-store.js';
import { SuppressionRepository } from './suppression.repository.js';
import { TemplateRepository } from './template.repository.js';

export const DATABASE = Symbol('DATABASE');

/** Provides the pool and the repositories to a Nest app; closes the pool on shutdown. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  static forRoot(options: { url: string; poolSize: number }): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE, useFactory: () => connectDatabase(options.url, options.poolSize) },
        {
          provide: NotificationRepository,
          useFactory: (handle: DatabaseHandle) => new NotificationRepository(handle.db),
          inject: [DATABASE],
        },
        {
          provide: ReportRepository,
          useFactory: (handle: DatabaseHandle) => new ReportRepository(handle.db),
          inject: [DATABASE],
        },
        {
          provide: TemplateRepository,
          useFactory: (handle: DatabaseHandle) => new TemplateRepository(handle.db),
          inject: [DATABASE],
        },
        {
          provide: IdempotencyRepository,
          useFactory: (handle: DatabaseHandle) => new IdempotencyRepository(handle.db),
          inject: [DATABASE],
        },
        {
          provide: CampaignRepository,
          useFactory: (handle: DatabaseHandle) => new CampaignRepository(handle.db),
          inject: [DATABASE],
        },
        {
          provide: RecipientStore,
          useFactory: (handle: DatabaseHandle) => new RecipientStore(handle.pool),
          inject: [DATABASE],
        },
        {
          provide: SuppressionRepository,
          useFactory: (handle: DatabaseHandle) => new SuppressionRepository(handle.db),
          inject: [DATABASE],
        },
      ],
      exports: [
        DATABASE,
        NotificationRepository,
        ReportRepository,
        TemplateRepository,
        IdempotencyRepository,
        CampaignRepository,
        RecipientStore,
        SuppressionRepository,
      ],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.handle.close();
  }
}
