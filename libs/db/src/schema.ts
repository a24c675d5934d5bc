import { bigserial, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { NOTIFICATION_STATUSES } from '../../domain/src/notification-status.js';

export const notificationStatus = pgEnum('notification_status', NOTIFICATION_STATUSES);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const templates = pgTable('templates', {
  code: text('code').primaryKey(),
  body: text('body').notNull(),
  failbackBody: text('failback_body'),
  ...timestamps,
});

export const notifications = pgTable(
  'notifications',
  {
    // UUIDv7, made by the API: time-ordered, so inserts stay at the right edge of the index.
    id: uuid('id').primaryKey(),
    ref: text('ref'),
    recipient: text('recipient').notNull(),
    templateCode: text('template_code')
      .notNull()
      .references(() => templates.code),
    variables: jsonb('variables').$type<Record<string, string>>().notNull(),
    text: text('text').notNull(),
    channel: text('channel').$type<'alimtalk' | 'sms' | 'lms'>().notNull().default('alimtalk'),
    /** SMS/LMS text sent when AlimTalk cannot reach the recipient; null = no failback. */
    failbackText: text('failback_text'),
    failbackTitle: text('failback_title'),
    failbackChannel: text('failback_channel').$type<'sms' | 'lms'>(),
    status: notificationStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    vendorMsgKey: text('vendor_msg_key'),
    lastCode: text('last_code'),
    lastError: text('last_error'),
    ...timestamps,
  },
  (table) => [index('notifications_status_updated_at_idx').on(table.status, table.updatedAt)],
);

export const notificationEvents = pgTable(
  'notification_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
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
 * One row per (API key, Idempotency-Key): the first request's body hash and, once
 * answered, its response, replayed to every retry for 24 hours.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    apiKeyId: text('api_key_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state').$type<'in_flight' | 'done'>().notNull(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.apiKeyId, table.key] }), index('idempotency_keys_expires_at_idx').on(table.expiresAt)],
);
