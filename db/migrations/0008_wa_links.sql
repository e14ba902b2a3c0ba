CREATE TABLE "wa_links" (
	"token" text PRIMARY KEY NOT NULL,
	"message_key" text NOT NULL,
	"target" text NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"first_clicked_at" timestamp with time zone,
	"last_clicked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "wa_links_message_key_idx" ON "wa_links" USING btree ("message_key");