DROP INDEX "segment_history_at_idx";--> statement-breakpoint
CREATE INDEX "segment_history_at_idx" ON "segment_history" USING brin ("at");