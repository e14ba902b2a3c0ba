import { sql } from "drizzle-orm";
import { bigserial, index, integer, json, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { instant } from "./columns";

/*
 * Every inbound event (Medusa webhooks, WhatsApp webhooks, ...) is stored raw here before any
 * processing, unique on (source, externalId), so a re-delivery is a no-op and a crash between
 * accepting and processing loses nothing: whichever runner is active picks up pending rows.
 */
export const inboundEvents = pgTable(
  "inbound_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text().notNull(),
    externalId: text().notNull(),
    name: text().notNull(),
    /** The body exactly as received, for audit and replay. */
    rawBody: text().notNull(),
    /**
     * The body as parsed. json, not jsonb: written once per webhook on the accept path and read
     * back whole by its handler, never queried inside, and jsonb's parse was the insert's cost.
     */
    payload: json().notNull(),
    occurredAt: instant(),
    receivedAt: instant().notNull().defaultNow(),
    /** pending | processing | processed | ignored | failed (the last three set processed_at) */
    status: text().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** Why an event was ignored (e.g. an event name Kosha does not handle). */
    note: text(),
    lockedUntil: instant(),
    processedAt: instant(),
  },
  (t) => [
    uniqueIndex("inbound_events_source_external_key").on(t.source, t.externalId),
    // What a claim walks: only unfinished rows, oldest first (without it Postgres walked the
    // primary key from the first event ever received, 9-13 ms per claim at 25k finished rows).
    // Keyed on processed_at, not status: a claim changes status, lease and attempts, and while
    // no index reads them the claim is a HOT update (lib/inbox/claim.ts; fillfactor in 0019).
    index("inbound_events_due_idx")
      .on(t.id)
      .where(sql`processed_at is null`),
  ],
);
