ALTER TABLE "orders" ADD COLUMN "item_units" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill from the items already mirrored; from here on the order upsert writes it.
UPDATE "orders" o SET "item_units" = u.units
  FROM (SELECT "order_id", sum("quantity")::int AS units FROM "order_items" GROUP BY "order_id") u
 WHERE u."order_id" = o."id";
