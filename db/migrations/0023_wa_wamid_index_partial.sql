-- A queued message has no wamid yet: materialising a broadcast no longer writes an index entry for
-- each of its messages here. Lookups by wamid (status webhooks) still use this index.
DROP INDEX "wa_messages_wamid_key";--> statement-breakpoint
CREATE UNIQUE INDEX "wa_messages_wamid_key" ON "wa_messages" USING btree ("wamid") WHERE wamid is not null;