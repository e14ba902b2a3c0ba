import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { instant, paise } from "./columns";

/*
 * Customer segments (lib/segments). Everything here except the festival calendar and the Medusa
 * group ids is derived from the commerce mirror and can be rebuilt by a full recompute.
 */

/**
 * The Indian festival calendar as data: one row per festival window per year, both days inclusive
 * and cut in Asia/Kolkata. Seeded with real dates 2024-2027; the owner edits it through the API.
 */
export const festivalWindows = pgTable(
  "festival_windows",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** diwali | karva_chauth | raksha_bandhan | teej | wedding_season | razai_season | holi | sankranti | eoss */
    festival: text().notNull(),
    /** The season the window belongs to; a festival may have several windows in a year (wedding season). */
    year: integer().notNull(),
    label: text().notNull(),
    startsOn: date({ mode: "string" }).notNull(),
    endsOn: date({ mode: "string" }).notNull(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("festival_windows_festival_start_key").on(t.festival, t.startsOn)],
);

/**
 * Per-customer order facts the segment rules read, refreshed for the customers an order event
 * touches and for everyone by the nightly recompute. `*_24m` values are as of `computedAt`.
 */
export const segmentCustomerStats = pgTable(
  "segment_customer_stats",
  {
    customerId: text().primaryKey(),
    /** Counted orders = not canceled. */
    ordersCount: integer().notNull(),
    firstOrderAt: instant().notNull(),
    lastOrderAt: instant().notNull(),
    /** Median gap between consecutive counted orders, in days; null below two orders. */
    medianGapDays: doublePrecision(),
    lifetimePaise: paise().notNull(),
    orders24m: integer().notNull(),
    monetary24mPaise: paise().notNull(),
    maxOrderPaise: paise().notNull(),
    maxOrderUnits: integer().notNull(),
    hasGiftOrder: boolean().notNull(),
    computedAt: instant().notNull(),
  },
  (t) => [index("segment_customer_stats_last_order_idx").on(t.lastOrderAt)],
);

/** Current membership: a customer can be in several segments. */
export const segmentMembers = pgTable(
  "segment_members",
  {
    segmentKey: text().notNull(),
    customerId: text().notNull(),
    since: instant().notNull(),
    /** Why the customer is in, in words the owner reads (e.g. "3 orders; last 41 days ago"). */
    reason: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.segmentKey, t.customerId] }),
    index("segment_members_customer_idx").on(t.customerId),
  ],
);

/** Every entry and exit, with when and why; segment size trends are read from here. */
export const segmentHistory = pgTable(
  "segment_history",
  {
    segmentKey: text().notNull(),
    customerId: text().notNull(),
    /** entered | left */
    change: text().notNull(),
    at: instant().notNull(),
    reason: text().notNull(),
  },
  // No id: nothing reads an entry by one, and a first run's ~900k entries each paid a sequence
  // value and a primary-key insert for it (a sixth of the membership phase's index writes).
  // Indexed for its one reader, the size trend (`at >= window start`, all segments). `at` only
  // grows with the table, so a BRIN index (a min/max per block range) finds the window's blocks
  // at almost no cost per row written, where a btree took a first run's ~900k inserts one by one
  // (about a fifth of the history insert). The former (segment_key, at) and customer_id indexes
  // served no query and cost a first run seconds of random index inserts.
  (t) => [index("segment_history_at_idx").using("brin", t.at)],
);

/** The Medusa customer group that mirrors each segment, so a push finds it again by id. */
export const segmentGroups = pgTable("segment_groups", {
  segmentKey: text().primaryKey(),
  medusaGroupId: text().notNull(),
  groupName: text().notNull(),
  lastPushedAt: instant(),
  members: integer().notNull().default(0),
});
