CREATE TABLE "festival_windows" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "festival_windows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"festival" text NOT NULL,
	"year" integer NOT NULL,
	"label" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_customer_stats" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"orders_count" integer NOT NULL,
	"first_order_at" timestamp with time zone NOT NULL,
	"last_order_at" timestamp with time zone NOT NULL,
	"median_gap_days" double precision,
	"lifetime_paise" bigint NOT NULL,
	"orders24m" integer NOT NULL,
	"monetary24m_paise" bigint NOT NULL,
	"max_order_paise" bigint NOT NULL,
	"max_order_units" integer NOT NULL,
	"has_gift_order" boolean NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_groups" (
	"segment_key" text PRIMARY KEY NOT NULL,
	"medusa_group_id" text NOT NULL,
	"group_name" text NOT NULL,
	"last_pushed_at" timestamp with time zone,
	"members" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "segment_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"segment_key" text NOT NULL,
	"customer_id" text NOT NULL,
	"change" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_members" (
	"segment_key" text NOT NULL,
	"customer_id" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "segment_members_segment_key_customer_id_pk" PRIMARY KEY("segment_key","customer_id")
);
--> statement-breakpoint
CREATE TABLE "guard_audit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "guard_audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"surface" text NOT NULL,
	"sku" text NOT NULL,
	"action" text NOT NULL,
	"swapped_to" text,
	"reasons" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guard_verdicts" (
	"sku" text PRIMARY KEY NOT NULL,
	"promotable" boolean NOT NULL,
	"reasons" jsonb NOT NULL,
	"available" integer,
	"since" timestamp with time zone NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"last_sold_at" timestamp with time zone,
	"substitute_sku" text,
	"daily_revenue_paise" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "festival_windows_festival_start_key" ON "festival_windows" USING btree ("festival","starts_on");--> statement-breakpoint
CREATE INDEX "segment_customer_stats_last_order_idx" ON "segment_customer_stats" USING btree ("last_order_at");--> statement-breakpoint
CREATE INDEX "segment_history_segment_at_idx" ON "segment_history" USING btree ("segment_key","at");--> statement-breakpoint
CREATE INDEX "segment_history_customer_idx" ON "segment_history" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "segment_members_customer_idx" ON "segment_members" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "guard_audit_at_idx" ON "guard_audit" USING btree ("at");--> statement-breakpoint
CREATE INDEX "guard_audit_sku_idx" ON "guard_audit" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "guard_verdicts_promotable_idx" ON "guard_verdicts" USING btree ("promotable","since");
--> statement-breakpoint
-- The festival calendar is data (owner-editable through /api/v1/segments/festivals); seeded with
-- 2024-2027 windows in Asia/Kolkata, both days inclusive. Festival days are the observed dates;
-- each window opens when shopping for it starts.
INSERT INTO "festival_windows" ("festival", "year", "label", "starts_on", "ends_on") VALUES
	('diwali', 2024, 'Diwali 2024 (Lakshmi Puja 31 Oct; 3 weeks before to Bhai Dooj)', '2024-10-10', '2024-11-02'),
	('karva_chauth', 2024, 'Karva Chauth 2024 (20 Oct)', '2024-10-10', '2024-10-20'),
	('raksha_bandhan', 2024, 'Raksha Bandhan 2024 (19 Aug)', '2024-08-05', '2024-08-19'),
	('teej', 2024, 'Hariyali Teej 2024 (07 Aug)', '2024-07-28', '2024-08-07'),
	('holi', 2024, 'Holi 2024 (25 Mar)', '2024-03-11', '2024-03-25'),
	('sankranti', 2024, 'Makar Sankranti 2024 (15 Jan)', '2024-01-05', '2024-01-15'),
	('wedding_season', 2024, 'Wedding season 2024, Jan-Mar', '2024-01-15', '2024-03-14'),
	('wedding_season', 2024, 'Wedding season 2024, Dev Uthani Ekadashi (12 Nov) to Kharmas', '2024-11-12', '2024-12-15'),
	('razai_season', 2024, 'Winter razai season 2024-25', '2024-11-01', '2025-01-31'),
	('eoss', 2024, 'End-of-season sale, summer 2024', '2024-06-15', '2024-07-31'),
	('eoss', 2024, 'End-of-season sale, winter 2024-25', '2024-12-20', '2025-01-20'),
	('diwali', 2025, 'Diwali 2025 (Lakshmi Puja 20 Oct; 3 weeks before to Bhai Dooj)', '2025-09-29', '2025-10-22'),
	('karva_chauth', 2025, 'Karva Chauth 2025 (10 Oct)', '2025-09-30', '2025-10-10'),
	('raksha_bandhan', 2025, 'Raksha Bandhan 2025 (09 Aug)', '2025-07-26', '2025-08-09'),
	('teej', 2025, 'Hariyali Teej 2025 (27 Jul)', '2025-07-17', '2025-07-27'),
	('holi', 2025, 'Holi 2025 (14 Mar)', '2025-02-28', '2025-03-14'),
	('sankranti', 2025, 'Makar Sankranti 2025 (14 Jan)', '2025-01-04', '2025-01-14'),
	('wedding_season', 2025, 'Wedding season 2025, Jan-Mar', '2025-01-15', '2025-03-14'),
	('wedding_season', 2025, 'Wedding season 2025, Dev Uthani Ekadashi (01 Nov) to Kharmas', '2025-11-01', '2025-12-15'),
	('razai_season', 2025, 'Winter razai season 2025-26', '2025-11-01', '2026-01-31'),
	('eoss', 2025, 'End-of-season sale, summer 2025', '2025-06-15', '2025-07-31'),
	('eoss', 2025, 'End-of-season sale, winter 2025-26', '2025-12-20', '2026-01-20'),
	('diwali', 2026, 'Diwali 2026 (Lakshmi Puja 08 Nov; 3 weeks before to Bhai Dooj)', '2026-10-18', '2026-11-10'),
	('karva_chauth', 2026, 'Karva Chauth 2026 (29 Oct)', '2026-10-19', '2026-10-29'),
	('raksha_bandhan', 2026, 'Raksha Bandhan 2026 (28 Aug)', '2026-08-14', '2026-08-28'),
	('teej', 2026, 'Hariyali Teej 2026 (15 Aug)', '2026-08-05', '2026-08-15'),
	('holi', 2026, 'Holi 2026 (04 Mar)', '2026-02-18', '2026-03-04'),
	('sankranti', 2026, 'Makar Sankranti 2026 (14 Jan)', '2026-01-04', '2026-01-14'),
	('wedding_season', 2026, 'Wedding season 2026, Jan-Mar', '2026-01-15', '2026-03-14'),
	('wedding_season', 2026, 'Wedding season 2026, Dev Uthani Ekadashi (20 Nov) to Kharmas', '2026-11-20', '2026-12-15'),
	('razai_season', 2026, 'Winter razai season 2026-27', '2026-11-01', '2027-01-31'),
	('eoss', 2026, 'End-of-season sale, summer 2026', '2026-06-15', '2026-07-31'),
	('eoss', 2026, 'End-of-season sale, winter 2026-27', '2026-12-20', '2027-01-20'),
	('diwali', 2027, 'Diwali 2027 (Lakshmi Puja 29 Oct; 3 weeks before to Bhai Dooj)', '2027-10-08', '2027-10-31'),
	('karva_chauth', 2027, 'Karva Chauth 2027 (18 Oct)', '2027-10-08', '2027-10-18'),
	('raksha_bandhan', 2027, 'Raksha Bandhan 2027 (17 Aug)', '2027-08-03', '2027-08-17'),
	('teej', 2027, 'Hariyali Teej 2027 (05 Aug)', '2027-07-26', '2027-08-05'),
	('holi', 2027, 'Holi 2027 (22 Mar)', '2027-03-08', '2027-03-22'),
	('sankranti', 2027, 'Makar Sankranti 2027 (15 Jan)', '2027-01-05', '2027-01-15'),
	('wedding_season', 2027, 'Wedding season 2027, Jan-Mar', '2027-01-15', '2027-03-14'),
	('wedding_season', 2027, 'Wedding season 2027, Dev Uthani Ekadashi (10 Nov) to Kharmas', '2027-11-10', '2027-12-15'),
	('razai_season', 2027, 'Winter razai season 2027-28', '2027-11-01', '2028-01-31'),
	('eoss', 2027, 'End-of-season sale, summer 2027', '2027-06-15', '2027-07-31'),
	('eoss', 2027, 'End-of-season sale, winter 2027-28', '2027-12-20', '2028-01-20');
