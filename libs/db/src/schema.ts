import { bigserial, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('notification_events_notification_idx').on(table.notificationId, table.id)],
);
