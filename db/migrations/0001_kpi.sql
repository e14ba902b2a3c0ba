CREATE TABLE "kpi_cart_facts" (
	"cart_id" text PRIMARY KEY NOT NULL,
	"abandon_day" date NOT NULL,
	"channel" text NOT NULL,
	"recovered" boolean NOT NULL,
	"recovered_paise" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_channel_costs" (
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"source" text NOT NULL,
	"cost_paise" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_channel_costs_day_channel_source_pk" PRIMARY KEY("day","channel","source")
);
--> statement-breakpoint
CREATE TABLE "kpi_customers" (
	"customer_key" text PRIMARY KEY NOT NULL,
	"first_placed_at" timestamp with time zone NOT NULL,
	"first_day" date NOT NULL,
	"acquisition_channel" text NOT NULL,
	"orders" integer NOT NULL,
	"net_paise" bigint NOT NULL,
	"net12m_paise" bigint NOT NULL,
	"is_wholesale" boolean NOT NULL,
	"is_gifting" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_daily_carts" (
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"abandoned" integer NOT NULL,
	"recovered" integer NOT NULL,
	"recovered_paise" bigint NOT NULL,
	CONSTRAINT "kpi_daily_carts_day_channel_pk" PRIMARY KEY("day","channel")
);
--> statement-breakpoint
CREATE TABLE "kpi_daily_orders" (
	"segment" text NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"orders" integer NOT NULL,
	"gross_paise" bigint NOT NULL,
	"refund_paise" bigint NOT NULL,
	"returned_paise" bigint NOT NULL,
	"new_customers" integer NOT NULL,
	"repeat_orders" integer NOT NULL,
	CONSTRAINT "kpi_daily_orders_segment_day_channel_pk" PRIMARY KEY("segment","day","channel")
);
--> statement-breakpoint
CREATE TABLE "kpi_daily_sessions" (
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"sessions" integer NOT NULL,
	CONSTRAINT "kpi_daily_sessions_day_channel_pk" PRIMARY KEY("day","channel")
);
--> statement-breakpoint
CREATE TABLE "kpi_daily_spend" (
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"spend_paise" bigint NOT NULL,
	CONSTRAINT "kpi_daily_spend_day_channel_pk" PRIMARY KEY("day","channel")
);
--> statement-breakpoint
CREATE TABLE "kpi_order_facts" (
	"order_id" text PRIMARY KEY NOT NULL,
	"customer_key" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"placed_day" date NOT NULL,
	"channel" text NOT NULL,
	"is_repeat" boolean NOT NULL,
	"is_wholesale" boolean NOT NULL,
	"is_gifting" boolean NOT NULL,
	"gross_paise" bigint NOT NULL,
	"refund_paise" bigint NOT NULL,
	"returned_paise" bigint NOT NULL,
	"deduct_day" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "kpi_cart_facts_abandon_day_idx" ON "kpi_cart_facts" USING btree ("abandon_day");--> statement-breakpoint
CREATE INDEX "kpi_customers_first_day_idx" ON "kpi_customers" USING btree ("first_day");--> statement-breakpoint
CREATE INDEX "kpi_order_facts_customer_idx" ON "kpi_order_facts" USING btree ("customer_key");--> statement-breakpoint
CREATE INDEX "kpi_order_facts_placed_day_idx" ON "kpi_order_facts" USING btree ("placed_day");--> statement-breakpoint
CREATE INDEX "kpi_order_facts_deduct_day_idx" ON "kpi_order_facts" USING btree ("deduct_day");--> statement-breakpoint
CREATE INDEX "web_sessions_customer_idx" ON "web_sessions" USING btree ("customer_id");