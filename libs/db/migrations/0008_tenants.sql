-- Tenants (README, "Tenants and keys"). Every existing row moves to the tenant
-- `default`, which owns the HERALD_API_KEYS keys. The columns are added with a
-- constant default, which Postgres records once in the catalog instead of writing
-- into each row, so notifications (partitioned, millions of rows) is not rewritten;
-- the default is then dropped, so every new row must name its tenant.

CREATE TABLE "tenants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"api_rate_per_second" real,
	"api_rate_burst" integer,
	"daily_quota" integer,
	"time_zone" text DEFAULT 'Asia/Seoul' NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
INSERT INTO "tenants" ("id", "name") VALUES ('default', 'Default tenant');--> statement-breakpoint

CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"tenant_id" text,
	"secret_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_role_tenant" CHECK ((role = 'producer') = (tenant_id is not null))
);--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "api_keys_tenant_idx" ON "api_keys" USING btree ("tenant_id");--> statement-breakpoint

CREATE TABLE "operator_suppressions" (
	"phone" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint

-- Templates: a code space per tenant. The foreign keys on the old single-column key go
-- first; notifications keeps none (a partitioned table checks one row by row, and
-- templates are never deleted), campaigns gets one on (tenant, code).
ALTER TABLE "campaigns" DROP CONSTRAINT "campaigns_template_code_templates_code_fk";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_template_code_templates_code_fk";--> statement-breakpoint
ALTER TABLE "templates" ADD COLUMN "tenant_id" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "templates" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "templates" DROP CONSTRAINT "templates_pkey";--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_tenant_id_code_pk" PRIMARY KEY("tenant_id","code");--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint

-- Notifications: no index on tenant_id. Every tenant-scoped query already narrows by
-- id, campaign or status through an existing index, and building one would hold a
-- lock on every partition while it reads them all.
ALTER TABLE "notifications" ADD COLUMN "tenant_id" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint

ALTER TABLE "campaigns" ADD COLUMN "tenant_id" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_template_fk" FOREIGN KEY ("tenant_id","template_code") REFERENCES "public"."templates"("tenant_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint

-- Opt-outs: the existing list was the one producer's, so it becomes the default tenant's.
ALTER TABLE "suppressions" ADD COLUMN "tenant_id" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "suppressions" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "suppressions" DROP CONSTRAINT "suppressions_pkey";--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_tenant_id_phone_pk" PRIMARY KEY("tenant_id","phone");--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint

-- Idempotency keys were scoped per API key; now per tenant. Rows live 24 hours, and
-- the only tenant so far is `default`: where two keys used the same Idempotency-Key,
-- the newer claim stays.
ALTER TABLE "idempotency_keys" ADD COLUMN "tenant_id" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ALTER COLUMN "tenant_id" DROP DEFAULT;--> statement-breakpoint
DELETE FROM "idempotency_keys" k USING "idempotency_keys" newer
  WHERE newer."key" = k."key" AND (newer."created_at", newer."api_key_id") > (k."created_at", k."api_key_id");--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_api_key_id_key_pk";--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_key_pk" PRIMARY KEY("tenant_id","key");--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP COLUMN "api_key_id";
