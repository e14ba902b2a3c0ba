CREATE TABLE "kpi_monthly_cohorts" (
	"segment" text NOT NULL,
	"month" date NOT NULL,
	"channel" text NOT NULL,
	"customers" integer NOT NULL,
	"net_paise" bigint NOT NULL,
	"net12m_paise" bigint NOT NULL,
	CONSTRAINT "kpi_monthly_cohorts_segment_month_channel_pk" PRIMARY KEY("segment","month","channel")
);
--> statement-breakpoint
CREATE INDEX "kpi_daily_cohorts_first_day_idx" ON "kpi_daily_cohorts" USING btree ("first_day");--> statement-breakpoint
-- Existing stores already have daily cohorts: fill the monthly sums from them so LTV stays right without a rebuild.
INSERT INTO "kpi_monthly_cohorts" ("segment", "month", "channel", "customers", "net_paise", "net12m_paise")
SELECT "segment", date_trunc('month', "first_day")::date, "channel", sum("customers"), sum("net_paise"), sum("net12m_paise")
FROM "kpi_daily_cohorts" GROUP BY 1, 2, 3;
