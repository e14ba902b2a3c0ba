DROP INDEX "wa_messages_sending_lease_idx";--> statement-breakpoint
-- A claimed row stays 'queued' with its lease in locked_until (lib/whatsapp/outbox/dispatch.ts):
-- rows a dispatcher held when this ran keep their lease and are re-claimed when it expires.
UPDATE "wa_messages" SET "status" = 'queued' WHERE "status" = 'sending';--> statement-breakpoint
-- Half of each new page stays free, so a claim's new row version fits beside the old one (HOT).
ALTER TABLE "wa_messages" SET (fillfactor = 50);
