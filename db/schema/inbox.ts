import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
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
    payload: jsonb().notNull(),
    occurredAt: instant(),
    receivedAt: instant().notNull().defaultNow(),
    /** pending | processing | processed | ignored | failed */
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
    // What a claim walks: only the waiting rows, oldest first, and the leases that may expire.
    // Without these Postgres walked the primary key from the first event ever received,
    // skipping every finished one, on each claim (9-13 ms per claim at 25k finished rows).
    // (They replace an index on (status, id), which every insert, claim and settle wrote to.)
    index("inbound_events_due_idx")
      .on(t.id)
      .where(sql`status = 'pending'`),
    index("inbound_events_lease_idx")
      .on(t.lockedUntil)
      .where(sql`status = 'processing'`),
  ],
);
