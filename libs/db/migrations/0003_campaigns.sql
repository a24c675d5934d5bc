CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled');--> statement-breakpoint
CREATE TABLE "campaign_recipients" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"variables" jsonb
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"template_code" text NOT NULL,
	"variables" jsonb NOT NULL,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"expanded_through" bigint DEFAULT 0 NOT NULL,
	"expanded_count" integer DEFAULT 0 NOT NULL,
	"expanded_at" timestamp with time zone,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_at" timestamp with time zone,
	"send_rate" real DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"phone" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_template_code_templates_code_fk" FOREIGN KEY ("template_code") REFERENCES "public"."templates"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_recipients_campaign_recipient_key" ON "campaign_recipients" USING btree ("campaign_id","recipient");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_campaign_recipient_key" ON "notifications" USING btree ("campaign_id","recipient");--> statement-breakpoint
CREATE INDEX "notifications_campaign_status_idx" ON "notifications" USING btree ("campaign_id","status");