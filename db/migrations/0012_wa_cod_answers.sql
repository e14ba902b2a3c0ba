CREATE TABLE "wa_cod_answers" (
	"order_id" text PRIMARY KEY NOT NULL,
	"answer" text NOT NULL,
	"phone" text NOT NULL,
	"wamid" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
