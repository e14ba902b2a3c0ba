-- The outbox's indexes read a stored 'queued' flag instead of status: a status webhook that moves a
-- message from sent to read (or a 'sent' report for a sent message) then changes no indexed column,
-- so Postgres writes it as a HOT update beside the old version instead of into every index.
DROP INDEX "wa_messages_due_idx";--> statement-breakpoint
DROP INDEX "wa_messages_broadcast_idx";--> statement-breakpoint
ALTER TABLE "wa_messages" ADD COLUMN "queued" boolean GENERATED ALWAYS AS (status = 'queued') STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "wa_messages_due_idx" ON "wa_messages" USING btree ("not_before","id") WHERE queued;--> statement-breakpoint
CREATE INDEX "wa_messages_broadcast_idx" ON "wa_messages" USING btree ("broadcast_id","queued");