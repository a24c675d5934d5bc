/** What a subscription may ask for: a notification's status changes and a campaign's life cycle. */
export const WEBHOOK_EVENT_TYPES = [
  'notification.sent',
  'notification.delivered',
  'notification.failed',
  'notification.failback_sent',
  'notification.dead',
  'notification.cancelled',
  'notification.skipped',
  'notification.expired',
  'campaign.started',
  'campaign.completed',
  'campaign.cancelled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
