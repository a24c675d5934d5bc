import { Global, Module, type DynamicModule, type OnApplicationShutdown, type Provider, Inject } from '@nestjs/common';
import { connectDatabase, type Database, type DatabaseHandle } from './database.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { NotificationRepository } from './notification.repository.js';
import { ReportRepository } from './report.repository.js';
import { ReportInboxRepository } from './report-inbox.repository.js';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository.js';
import { CampaignRepository } from './campaign.repository.js';
import { RecipientStore } from './recipient-store.js';
import { SuppressionRepository } from './suppression.repository.js';
import { TemplateRepository } from './template.repository.js';
import { TenantRepository } from './tenant.repository.js';

export const DATABASE = Symbol('DATABASE');

/** Every repository built on drizzle's handle; each is its own provider. */
const REPOSITORIES: Array<new (db: Database) => object> = [
  NotificationRepository,
  ReportRepository,
  TemplateRepository,
  IdempotencyRepository,
  CampaignRepository,
  SuppressionRepository,
  TenantRepository,
  ApiKeyRepository,
  ReportInboxRepository,
  WebhookSubscriptionRepository,
];

/** Provides the pool and the repositories to a Nest app; closes the pool on shutdown. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly handle: DatabaseHandle) {}

  static forRoot(options: { url: string; poolSize: number }): DynamicModule {
    const repositories: Provider[] = REPOSITORIES.map((repository) => ({
      provide: repository,
      useFactory: (handle: DatabaseHandle) => new repository(handle.db),
      inject: [DATABASE],
    }));
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE, useFactory: () => connectDatabase(options.url, options.poolSize) },
        ...repositories,
        { provide: RecipientStore, useFactory: (handle: DatabaseHandle) => new RecipientStore(handle.pool), inject: [DATABASE] },
      ],
      exports: [DATABASE, ...REPOSITORIES, RecipientStore],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.handle.close();
  }
}
