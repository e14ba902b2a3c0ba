DROP INDEX "segment_history_segment_at_idx";--> statement-breakpoint
DROP INDEX "segment_history_customer_idx";--> statement-breakpoint
CREATE INDEX "segment_history_at_idx" ON "segment_history" USING btree ("at");