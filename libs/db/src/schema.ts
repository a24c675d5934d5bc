import { sql } from 'drizzle-orm';
import type { Channel, FailbackChannel } from '../../domain/src/channel.js';
import {
  bigint,
  bigserial,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CAMPAIGN_STATUSES } from '../../domain/src/campaign-status.js';
import { NOTIFICATION_STATUSES } from '../../domain/src/notification-status.js';
import type { CredentialRole, TenantStatus } from '../../domain/src/tenant.js';

export const notificationStatus = pgEnum('notification_status', NOTIFICATION_STATUSES);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/**
 * A producing service (orders, sign-up, marketing…): everything it sends is its own,
 * and no other tenant's key can see it. `default` holds the HERALD_API_KEYS keys and
 * every row stored before tenants existed (migration 0008).
 */
export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status').$type<TenantStatus>().notNull().default('active'),
  /** The tenant's API request budget, shared by all its keys; null: the API's defaults. */
  apiRatePerSecond: real('api_rate_per_second'),
  apiRateBurst: integer('api_rate_burst'),
  /** Messages it may send per day in its time zone; null: no quota. */
  dailyQuota: integer('daily_quota'),
  timeZone: text('time_zone').notNull().default('Asia/Seoul'),
  /** Its share of the vendor budget against other tenants' bulk traffic (the traffic-policy issue). */
  weight: integer('weight').notNull().default(1),
  /**
   * The tenant's own Kakao sender profile (channel): its AlimTalk templates are approved
   * under it, and its messages go out from it. Null: the vendor account's VENDOR_SENDER_KEY.
   */
  senderKey: text('sender_key'),
  ...timestamps,
});

/**
 * Producer keys (a tenant's) and operator keys (no tenant). Only a SHA-256 of the
 * secret is kept: the key is shown once, when it is made. A key is high-entropy random,
 * so a fast hash is enough (a slow one would cost every request and guard nothing).
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    /** `key_…`: safe to log and to show; it cannot authenticate. */
    id: text('id').primaryKey(),
    role: text('role').$type<CredentialRole>().notNull(),
    tenantId: text('tenant_id').references(() => tenants.id),
    secretHash: text('secret_hash').notNull(),
    /** The key's first characters (`hrd_live_AbCd`), so an operator can tell which key a producer holds. */
    prefix: text('prefix').notNull(),
    /** Extra rights, e.g. `recipients:read` (full phone numbers in answers). */
    scopes: text('scopes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Written at most once a minute per API process. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** Set when the key was rotated: it keeps working until then (the grace period). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('api_keys_secret_hash_key').on(table.secretHash),
    index('api_keys_tenant_idx').on(table.tenantId),
    check('api_keys_role_tenant', sql`(role = 'producer') = (tenant_id is not null)`),
  ],
);

/** A tenant's own code space: two tenants may both register `WELCOME`. */
export const templates = pgTable(
  'templates',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    code: text('code').notNull(),
    body: text('body').notNull(),
    failbackBody: text('failback_body'),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.code] })],
);

/**
 * Range-partitioned by id, a week per partition (migration 0007, libs/db/src/partitions):
 * the UUIDv7 id carries its creation time, so a lookup by id prunes to one partition and
 * retention drops whole weeks. drizzle-kit knows nothing of partitions: 0007 is hand-written.
 */
export const notifications = pgTable(
  'notifications',
  {
    // UUIDv7, made by the API (a campaign message's is derived from its campaign's id and
    // recipient seq, campaign-message-id.ts): time-ordered, so inserts stay at the right
    // edge of the index, and in the partition of their time.
    id: uuid('id').primaryKey(),
    /**
     * No foreign key (one on a partitioned table is checked row by row and blocks the
     * partition drops); the API checks the tenant and its template before it stores.
     */
    tenantId: text('tenant_id').notNull(),
    ref: text('ref'),
    recipient: text('recipient').notNull(),
    /** The tenant's template of this code; templates are never deleted. */
    templateCode: text('template_code').notNull(),
    variables: jsonb('variables').$type<Record<string, string>>().notNull(),
    text: text('text').notNull(),
    channel: text('channel').$type<Channel>().notNull().default('alimtalk'),
    /** SMS/LMS text sent when AlimTalk cannot reach the recipient; null = no failback. */
    failbackText: text('failback_text'),
    failbackTitle: text('failback_title'),
    failbackChannel: text('failback_channel').$type<FailbackChannel>(),
    status: notificationStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    vendorMsgKey: text('vendor_msg_key'),
    lastCode: text('last_code'),
    lastError: text('last_error'),
    /** Set for campaign messages; no foreign key, so campaign rows stay cheap to write in bulk. */
    campaignId: uuid('campaign_id'),
    /**
     * The campaign batch job (`batch-<id>`) that carries this message; null for single
     * sends and for campaigns sent one job per message. Not indexed: it is written once
     * and read only by pause, resume, cancel and the reconciler.
     */
    sendBatchId: uuid('send_batch_id'),
    /**
     * `<tenant id>/<Idempotency-Key>` of the request that stored this row: a retry that
     * takes over the key of a request whose process died after the commit and before
     * its answer was recorded finds the rows made under it instead of making them again.
     */
    requestKey: text('request_key'),
    ...timestamps,
  },
  (table) => [
    index('notifications_status_updated_at_idx').on(table.status, table.updatedAt),
    index('notifications_request_key_idx')
      .on(table.requestKey)
      .where(sql`request_key is not null`),
    // A recipient gets a campaign's message once however often its expansion runs: the
    // id comes from (campaign, recipient seq). A unique index on (campaign, recipient)
    // cannot exist on a table partitioned by id.
    index('notifications_campaign_status_idx').on(table.campaignId, table.status),
  ],
);

/**
 * Partitioned by notification_id, in the same weeks as notifications: a message's history
 * lives and goes with it. No primary key (one must hold the partition key) and no foreign
 * key (a partition must be droppable whole); ids come from one sequence.
 */
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    notificationId: uuid('notification_id').notNull(),
    fromStatus: notificationStatus('from_status'),
    toStatus: notificationStatus('to_status').notNull(),
    /** Who moved it: api, worker, vendor-report, reconciler, operator. */
    actor: text('actor').notNull(),
    attempt: integer('attempt'),
    code: text('code'),
    detail: text('detail'),
    /** When BullMQ will try again, for an attempt that failed and will be retried. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('notification_events_notification_idx').on(table.notificationId, table.id)],
);

/**
 * One row per (tenant, Idempotency-Key): the first request's body hash and, once
 * answered, its response, replayed to every retry for 24 hours. Per tenant, not per
 * key, so a retry made with the key that replaced a rotated one is still a retry.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state').$type<'in_flight' | 'done'>().notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.key] }), index('idempotency_keys_expires_at_idx').on(table.expiresAt)],
);

export const campaignStatus = pgEnum('campaign_status', CAMPAIGN_STATUSES);

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    templateCode: text('template_code').notNull(),
    /** Shared by every recipient; a recipient's own variables override them. */
    variables: jsonb('variables').$type<Record<string, string>>().notNull(),
    status: campaignStatus('status').notNull().default('draft'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    recipientCount: integer('recipient_count').notNull().default(0),
    /** Expansion cursor: recipients up to this seq have become notifications. */
    expandedThrough: bigint('expanded_through', { mode: 'number' }).notNull().default(0),
    expandedCount: integer('expanded_count').notNull().default(0),
    expandedAt: timestamp('expanded_at', { withTimezone: true }),
    /** Progress sample the expander takes each tick, for the send rate and the ETA. */
    progressDone: integer('progress_done').notNull().default(0),
    progressAt: timestamp('progress_at', { withTimezone: true }),
    sendRate: real('send_rate').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    foreignKey({ columns: [table.tenantId, table.templateCode], foreignColumns: [templates.tenantId, templates.code], name: 'campaigns_template_fk' }),
  ],
);

/** Partitioned by campaign_id (a UUIDv7), in the same weeks: a campaign's recipients go with its messages. */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    // One sequence for all campaigns: the expander pages through a campaign by keyset on it.
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    // No foreign key: checking one per row tripled the time of a 420,000-row upload. Rows
    // are only ever written by RecipientStore, under a lock on the campaign's row.
    campaignId: uuid('campaign_id').notNull(),
    recipient: text('recipient').notNull(),
    variables: jsonb('variables').$type<Record<string, string>>(),
  },
  (table) => [
    uniqueIndex('campaign_recipients_campaign_recipient_key').on(table.campaignId, table.recipient),
    index('campaign_recipients_campaign_seq_idx').on(table.campaignId, table.seq),
  ],
);

/** Phones that opted out of one tenant's messages: its campaign messages to them are skipped, not sent. */
export const suppressions = pgTable(
  'suppressions',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    phone: text('phone').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.phone] })],
);

/** Phones no tenant may message (a legal hold, a number reported as abuse): kept by operators. */
export const operatorSuppressions = pgTable('operator_suppressions', {
  phone: text('phone').primaryKey(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Delivery-report callbacks the API could not queue (Redis down): kept here, one row per
 * callback, so a 200 to the vendor never loses a report; the worker's maintenance run
 * moves them to the report queue once Redis is back. Usually empty.
 */
export const reportInbox = pgTable('report_inbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  reports: jsonb('reports').$type<unknown[]>().notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A tenant's webhook endpoint: which events it wants, how fast it may be sent to, and
 * its signing secrets, sealed (libs/webhooks SecretBox): the current one, and during a
 * rotation the previous one until it stops signing.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    description: text('description'),
    /** active; paused by the tenant; disabled by Herald after failing continuously. */
    status: text('status').$type<'active' | 'paused' | 'disabled'>().notNull().default('active'),
    sealedSecret: text('sealed_secret').notNull(),
    sealedPreviousSecret: text('sealed_previous_secret'),
    previousSecretUntil: timestamp('previous_secret_until', { withTimezone: true }),
    /** Posts per second to this endpoint at most; null: no limit of its own. */
    maxPerSecond: integer('max_per_second'),
    /** Events per POST (an array), and how long the first may wait for the rest; null: one event per POST. */
    batchMaxSize: integer('batch_max_size'),
    batchMaxWaitMs: integer('batch_max_wait_ms'),
    ...timestamps,
  },
  (table) => [uniqueIndex('webhook_subscriptions_tenant_url_key').on(table.tenantId, table.url)],
);
