ALTER TYPE "public"."notification_status" ADD VALUE 'dead';--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"api_key_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_api_key_id_key_pk" PRIMARY KEY("api_key_id","key")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "failback_text" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "failback_title" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "failback_channel" text;--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys" USING btree ("expires_at");