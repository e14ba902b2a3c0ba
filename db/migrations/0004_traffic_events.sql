CREATE TABLE "collect_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_events" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"visitor_id" text NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"path" text NOT NULL,
	"product_id" text,
	"variant_id" text,
	"sku" text,
	"cart_id" text,
	"quantity" integer,
	"unit_price_paise" bigint,
	"value_paise" bigint
);
--> statement-breakpoint
ALTER TABLE "ad_spend" ADD COLUMN "note" text;--> statement-breakpoint
CREATE INDEX "collect_rate_limits_window_idx" ON "collect_rate_limits" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "session_events_session_idx" ON "session_events" USING btree ("session_id","occurred_at");--> statement-breakpoint
CREATE INDEX "session_events_type_occurred_idx" ON "session_events" USING btree ("type","occurred_at");