export { connectDatabase, type Database, type DatabaseHandle } from './database.js';
export { runMigrations } from './migrate.js';
export { assertMigrationsApplied } from './migration-status.js';
export { TemplateRepository, type Template, type TemplateInput } from './template.repository.js';
export {
  IdempotencyRepository,
  type ClaimToken,
  type IdempotencyClaim,
  type IdempotencyRecord,
  type StoredResponse,
  type TakeOver,
} from './idempotency.repository.js';
export {
  NotificationRepository,
  type DeadFilter,
  type KeysetPosition,
  type KeysetRow,
  type NewNotification,
  type Notification,
  type NotificationEvent,
  type Claim,
  type Move,
  type Transition,
} from './notification.repository.js';
export { DATABASE, DatabaseModule } from './database.module.js';
export { ReportRepository, type AppliedReport, type ReportInput } from './report.repository.js';
export {
  CampaignRepository,
  type Campaign,
  type CampaignMessage,
  type CampaignMessageRef,
  type PendingBatch,
  type MaterializedPage,
  type NewCampaign,
  type RecipientRow,
  type SendGate,
  type StatusCounts,
} from './campaign.repository.js';
export { RecipientStore, type RecipientInput, type StoreResult } from './recipient-store.js';
export { SuppressionRepository, type Suppression, type SuppressionList } from './suppression.repository.js';
export { PARTITION_WEEKS_AHEAD } from './migrate.js';
export { PartitionRepository, type Partition } from './partitions/partition.repository.js';
export { PARTITIONED_TABLES, uuidFloor, uuidTime, weekStart, type PartitionedTable } from './partitions/partition-calendar.js';
export { TenantRepository, type NewTenant, type Tenant, type TenantSettings } from './tenant.repository.js';
export { ApiKeyRepository, type ApiKey, type LiveCredential, type NewApiKey } from './api-key.repository.js';
export { ReportInboxRepository, type StoredCallback } from './report-inbox.repository.js';
export {
  WebhookSubscriptionRepository,
  type NewWebhookSubscription,
  type WebhookSubscription,
  type WebhookSubscriptionChanges,
} from './webhook-subscription.repository.js';
