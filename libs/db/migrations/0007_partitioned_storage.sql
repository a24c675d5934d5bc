-- Time-partitioned storage (README, "Scaling"). notifications, notification_events and
-- campaign_recipients become range-partitioned by a UUIDv7 (the notification's id, or
-- the campaign's), whose first 48 bits are its creation time in ms, so a lookup by id
-- prunes to one partition and retention drops whole partitions. The existing tables
-- are not copied: each is attached, as it is, as its parent's first partition
-- (`*_legacy`, everything up to next Monday 00:00 UTC), and dropped whole once that
-- bound is past RETENTION_DAYS. The lock each ALTER takes is held to the commit.

-- The smallest UUID of the millisecond `at`: a partition bound.
CREATE FUNCTION "herald_uuid_floor"("at" timestamptz) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (lpad(to_hex(floor(extract(epoch FROM "at") * 1000)::bigint), 12, '0') || '00000000000000000000')::uuid
$$;--> statement-breakpoint

-- notifications, by id.
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_notification_id_notifications_id_fk";--> statement-breakpoint
-- A unique index of a partitioned table must hold the partition key; campaign messages
-- now get ids derived from (campaign, recipient seq), so the id itself keeps one row each.
DROP INDEX "notifications_campaign_recipient_key";--> statement-breakpoint
ALTER TABLE "notifications" RENAME TO "notifications_legacy";--> statement-breakpoint
ALTER TABLE "notifications_legacy" RENAME CONSTRAINT "notifications_pkey" TO "notifications_legacy_pkey";--> statement-breakpoint
ALTER TABLE "notifications_legacy" RENAME CONSTRAINT "notifications_template_code_templates_code_fk" TO "notifications_legacy_template_code_fk";--> statement-breakpoint
ALTER INDEX "notifications_status_updated_at_idx" RENAME TO "notifications_legacy_status_updated_at_idx";--> statement-breakpoint
ALTER INDEX "notifications_request_key_idx" RENAME TO "notifications_legacy_request_key_idx";--> statement-breakpoint
ALTER INDEX "notifications_campaign_status_idx" RENAME TO "notifications_legacy_campaign_status_idx";--> statement-breakpoint
CREATE TABLE "notifications" (LIKE "notifications_legacy" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("id");--> statement-breakpoint
ALTER TABLE "notifications" ATTACH PARTITION "notifications_legacy"
  FOR VALUES FROM (MINVALUE) TO (herald_uuid_floor(date_trunc('week', now(), 'UTC') + interval '7 days'));--> statement-breakpoint
-- Each matches an index of the legacy partition, which is attached rather than built again.
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_pkey" PRIMARY KEY ("id");--> statement-breakpoint
CREATE INDEX "notifications_status_updated_at_idx" ON "notifications" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "notifications_request_key_idx" ON "notifications" USING btree ("request_key") WHERE request_key is not null;--> statement-breakpoint
CREATE INDEX "notifications_campaign_status_idx" ON "notifications" USING btree ("campaign_id","status");--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_template_code_templates_code_fk" FOREIGN KEY ("template_code") REFERENCES "public"."templates"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint

-- notification_events, by the notification's id: a message's history lives and goes with it.
ALTER TABLE "notification_events" RENAME TO "notification_events_legacy";--> statement-breakpoint
ALTER TABLE "notification_events_legacy" RENAME CONSTRAINT "notification_events_pkey" TO "notification_events_legacy_pkey";--> statement-breakpoint
ALTER INDEX "notification_events_notification_idx" RENAME TO "notification_events_legacy_notification_idx";--> statement-breakpoint
CREATE TABLE "notification_events" (LIKE "notification_events_legacy" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("notification_id");--> statement-breakpoint
-- The id sequence must outlive the legacy partition it was made for.
ALTER SEQUENCE "notification_events_id_seq" OWNED BY "notification_events"."id";--> statement-breakpoint
ALTER TABLE "notification_events" ATTACH PARTITION "notification_events_legacy"
  FOR VALUES FROM (MINVALUE) TO (herald_uuid_floor(date_trunc('week', now(), 'UTC') + interval '7 days'));--> statement-breakpoint
CREATE INDEX "notification_events_notification_idx" ON "notification_events" USING btree ("notification_id","id");--> statement-breakpoint

-- campaign_recipients, by campaign id: a campaign's recipients go with its messages.
ALTER TABLE "campaign_recipients" RENAME TO "campaign_recipients_legacy";--> statement-breakpoint
ALTER TABLE "campaign_recipients_legacy" RENAME CONSTRAINT "campaign_recipients_pkey" TO "campaign_recipients_legacy_pkey";--> statement-breakpoint
ALTER INDEX "campaign_recipients_campaign_recipient_key" RENAME TO "campaign_recipients_legacy_campaign_recipient_key";--> statement-breakpoint
CREATE TABLE "campaign_recipients" (LIKE "campaign_recipients_legacy" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("campaign_id");--> statement-breakpoint
ALTER SEQUENCE "campaign_recipients_seq_seq" OWNED BY "campaign_recipients"."seq";--> statement-breakpoint
ALTER TABLE "campaign_recipients" ATTACH PARTITION "campaign_recipients_legacy"
  FOR VALUES FROM (MINVALUE) TO (herald_uuid_floor(date_trunc('week', now(), 'UTC') + interval '7 days'));--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_recipients_campaign_recipient_key" ON "campaign_recipients" USING btree ("campaign_id","recipient");--> statement-breakpoint
-- The expander pages a campaign by seq; the legacy partition pages by its own seq key.
CREATE INDEX "campaign_recipients_campaign_seq_idx" ON "campaign_recipients" USING btree ("campaign_id","seq");
