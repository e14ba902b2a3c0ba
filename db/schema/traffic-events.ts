import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { instant, paise } from "./columns";

/*
 * What the storefront beacon (lib/traffic, /embed/beacon.js → /api/collect) records inside a
 * visit: page and product views, add-to-carts and checkout starts. The visit itself is a
 * web_sessions row (db/schema/traffic.ts); these are its steps, for funnels and conversion.
 */
export const sessionEvents = pgTable(
  "session_events",
  {
    /** Chosen by the beacon, so a retried send is a no-op (insert … on conflict do nothing). */
    id: text().primaryKey(),
    sessionId: text().notNull(),
    visitorId: text().notNull(),
    /** page_view | product_view | add_to_cart | checkout_start */
    type: text().notNull(),
    /** When it happened in the visitor's browser (checked against the server clock on arrival). */
    occurredAt: instant().notNull(),
    receivedAt: instant().notNull(),
    /** Page path only: query strings can carry personal data, and UTM values live on the session. */
    path: text().notNull(),
    productId: text(),
    variantId: text(),
    sku: text(),
    cartId: text(),
    quantity: integer(),
    unitPricePaise: paise(),
    /** What the step is worth: unit price × quantity unless the storefront sent a total. */
    valuePaise: paise(),
  },
  (t) => [
    index("session_events_session_idx").on(t.sessionId, t.occurredAt),
    index("session_events_type_occurred_idx").on(t.type, t.occurredAt),
  ],
);

/**
 * Fixed one-minute windows of /api/collect requests per visitor and per client IP. In the
 * database rather than in memory so the limit holds across app instances and restarts; rows
 * older than a few minutes are swept by the limiter itself.
 */
export const collectRateLimits = pgTable(
  "collect_rate_limits",
  {
    /** `v:<visitor id>` or `ip:<address>` */
    key: text().primaryKey(),
    windowStart: instant().notNull(),
    hits: integer().notNull(),
  },
  (t) => [index("collect_rate_limits_window_idx").on(t.windowStart)],
);
