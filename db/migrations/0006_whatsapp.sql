CREATE TABLE "channel_sandbox_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"body" jsonb,
	"status" integer NOT NULL,
	"response" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wa_broadcasts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wa_broadcasts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"segment_key" text NOT NULL,
	"template_name" text NOT NULL,
	"language" text NOT NULL,
	"skus" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"params" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"rate_per_second" integer NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"queued" integer DEFAULT 0 NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"estimated_cost_paise" bigint DEFAULT 0 NOT NULL,
	"guard_notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "wa_catalog_items" (
	"retailer_id" text PRIMARY KEY NOT NULL,
	"variant_id" text NOT NULL,
	"title" text NOT NULL,
	"availability" text NOT NULL,
	"price_paise" bigint NOT NULL,
	"pushed_hash" text,
	"pushed_at" timestamp with time zone,
	"last_batch_handle" text,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wa_consent_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"phone" text NOT NULL,
	"action" text NOT NULL,
	"source" text NOT NULL,
	"evidence" text,
	"at" timestamp with time zone NOT NULL,
	"dedupe_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wa_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"phone" text NOT NULL,
	"customer_id" text,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"template_name" text,
	"body" jsonb NOT NULL,
	"flow" text NOT NULL,
	"broadcast_id" integer,
	"cart_id" text,
	"order_id" text,
	"attribution" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"reason" text,
	"error_code" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"wamid" text,
	"cost_paise" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"clicked_at" timestamp with time zone,
	"converted_order_id" text,
	"converted_paise" bigint
);
--> statement-breakpoint
CREATE TABLE "wa_subscribers" (
	"phone" text PRIMARY KEY NOT NULL,
	"customer_id" text,
	"name" text,
	"consent" text DEFAULT 'unknown' NOT NULL,
	"opted_in_at" timestamp with time zone,
	"opt_in_source" text,
	"opted_out_at" timestamp with time zone,
	"opt_out_source" text,
	"last_inbound_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wa_templates" (
	"name" text NOT NULL,
	"language" text NOT NULL,
	"category" text NOT NULL,
	"status" text NOT NULL,
	"external_id" text,
	"components" jsonb NOT NULL,
	"problem" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wa_templates_name_language_pk" PRIMARY KEY("name","language")
);
--> statement-breakpoint
CREATE INDEX "channel_sandbox_requests_channel_idx" ON "channel_sandbox_requests" USING btree ("channel","id");--> statement-breakpoint
CREATE UNIQUE INDEX "wa_consent_events_dedupe_key" ON "wa_consent_events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "wa_consent_events_phone_idx" ON "wa_consent_events" USING btree ("phone","at");--> statement-breakpoint
CREATE UNIQUE INDEX "wa_messages_idempotency_key" ON "wa_messages" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "wa_messages_wamid_key" ON "wa_messages" USING btree ("wamid");--> statement-breakpoint
CREATE INDEX "wa_messages_due_idx" ON "wa_messages" USING btree ("not_before","id") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "wa_messages_phone_idx" ON "wa_messages" USING btree ("phone","created_at");--> statement-breakpoint
CREATE INDEX "wa_messages_broadcast_idx" ON "wa_messages" USING btree ("broadcast_id","status");--> statement-breakpoint
CREATE INDEX "wa_messages_flow_idx" ON "wa_messages" USING btree ("flow","created_at");--> statement-breakpoint
CREATE INDEX "wa_subscribers_customer_idx" ON "wa_subscribers" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "wa_subscribers_consent_idx" ON "wa_subscribers" USING btree ("consent");