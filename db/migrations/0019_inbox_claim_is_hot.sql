DROP INDEX "inbound_events_lease_idx";--> statement-breakpoint
DROP INDEX "inbound_events_due_idx";--> statement-breakpoint
CREATE INDEX "inbound_events_due_idx" ON "inbound_events" USING btree ("id") WHERE processed_at is null;--> statement-breakpoint
-- Half of each new page stays free, so a claim's new row version fits beside the old one (HOT).
ALTER TABLE "inbound_events" SET (fillfactor = 50);
