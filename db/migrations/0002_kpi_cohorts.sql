CREATE TABLE "kpi_daily_cohorts" (
	"segment" text NOT NULL,
	"first_day" date NOT NULL,
	"channel" text NOT NULL,
	"customers" integer NOT NULL,
	"net_paise" bigint NOT NULL,
	"net12m_paise" bigint NOT NULL,
	CONSTRAINT "kpi_daily_cohorts_segment_first_day_channel_pk" PRIMARY KEY("segment","first_day","channel")
);
