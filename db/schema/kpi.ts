import { boolean, date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, paise } from "./columns";

/*
 * KPI rollups (lib/kpi). Every row here is derived from the commerce mirror and traffic tables
 * and can be rebuilt from them (`npm run rollups:rebuild`); `applyToRollups` keeps them current
 * incrementally. Two layers: per-order / per-cart / per-customer facts (attribution and
 * new-vs-repeat decided once), and daily cells summed from the facts, which /api/v1/kpis reads.
 * Definitions: lib/kpi/DEFINITIONS.md.
 */

/** One row per counted (not canceled) order: its attribution, customer type and money. */
export const kpiOrderFacts = pgTable(
  "kpi_order_facts",
  {
    orderId: text().primaryKey(),
    /** customer_id, or `guest:<order id>` for an order without a customer. */
    customerKey: text().notNull(),
    placedAt: instant().notNull(),
    placedDay: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    /** The customer had an earlier counted order (ever). */
    isRepeat: boolean().notNull(),
    isWholesale: boolean().notNull(),
    isGifting: boolean().notNull(),
    grossPaise: paise().notNull(),
    refundPaise: paise().notNull(),
    returnedPaise: paise().notNull(),
    /** IST day the refund/return is booked on (returned_at, else placed day). */
    deductDay: date({ mode: "string" }).notNull(),
  },
  (t) => [
    index("kpi_order_facts_customer_idx").on(t.customerKey),
    index("kpi_order_facts_placed_day_idx").on(t.placedDay),
    index("kpi_order_facts_deduct_day_idx").on(t.deductDay),
  ],
);

/** One row per abandoned cart. */
export const kpiCartFacts = pgTable(
  "kpi_cart_facts",
  {
    cartId: text().primaryKey(),
    abandonDay: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    recovered: boolean().notNull(),
    recoveredPaise: paise().notNull(),
  },
  (t) => [index("kpi_cart_facts_abandon_day_idx").on(t.abandonDay)],
);

/** One row per customer key: lifetime and first-12-month net revenue, for LTV. */
export const kpiCustomers = pgTable(
  "kpi_customers",
  {
    customerKey: text().primaryKey(),
    firstPlacedAt: instant().notNull(),
    firstDay: date({ mode: "string" }).notNull(),
    /** Channel of the customer's first counted order. */
    acquisitionChannel: text().notNull(),
    orders: integer().notNull(),
    netPaise: paise().notNull(),
    /** Net revenue of orders placed within 12 months of the first order. */
    net12mPaise: paise().notNull(),
    isWholesale: boolean().notNull(),
    isGifting: boolean().notNull(),
  },
  (t) => [index("kpi_customers_first_day_idx").on(t.firstDay)],
);

/**
 * Orders per IST day × channel × segment. An order adds to segment `all`, to `new` or `repeat`,
 * and to `wholesale` / `gifting` when its customer is one. Orders and gross are on the placed
 * day; refunds and returns on their booking day.
 */
export const kpiDailyOrders = pgTable(
  "kpi_daily_orders",
  {
    segment: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    orders: integer().notNull(),
    grossPaise: paise().notNull(),
    refundPaise: paise().notNull(),
    returnedPaise: paise().notNull(),
    newCustomers: integer().notNull(),
    repeatOrders: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.segment, t.day, t.channel] })],
);

export const kpiDailySessions = pgTable(
  "kpi_daily_sessions",
  {
    day: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    sessions: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel] })],
);

export const kpiDailyCarts = pgTable(
  "kpi_daily_carts",
  {
    day: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    abandoned: integer().notNull(),
    recovered: integer().notNull(),
    recoveredPaise: paise().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel] })],
);

/**
 * Channel costs other than ad spend, one row per IST day × channel × source: the extension point
 * for per-message costs (e.g. source `whatsapp_messages`, written by the messaging domain, which
 * then calls applyToRollups({ days })).
 */
export const kpiChannelCosts = pgTable(
  "kpi_channel_costs",
  {
    day: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    source: text().notNull(),
    costPaise: paise().notNull(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel, t.source] })],
);

/** ad_spend + kpi_channel_costs per IST day × channel. */
export const kpiDailySpend = pgTable(
  "kpi_daily_spend",
  {
    day: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    spendPaise: paise().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel] })],
);

/**
 * Customers per first-order IST day × acquisition channel × customer segment (`all`, `new` = 1
 * counted order, `repeat` = 2+, `wholesale`, `gifting`): LTV reads these sums instead of scanning
 * every customer per request.
 */
export const kpiDailyCohorts = pgTable(
  "kpi_daily_cohorts",
  {
    segment: text().notNull(),
    firstDay: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    customers: integer().notNull(),
    netPaise: paise().notNull(),
    net12mPaise: paise().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.segment, t.firstDay, t.channel] }),
    // LTV reads day ranges across all segments (the month of the window's end, cohort edges).
    index("kpi_daily_cohorts_first_day_idx").on(t.firstDay),
  ],
);

/**
 * kpi_daily_cohorts summed per calendar month of the first order: LTV as of a day adds whole
 * months here and only the days of partial months from the daily table, so a request reads a few
 * thousand rows instead of every cohort day (~45 rows per day of history, twice).
 */
export const kpiMonthlyCohorts = pgTable(
  "kpi_monthly_cohorts",
  {
    segment: text().notNull(),
    /** First day of the IST calendar month of the first counted order. */
    month: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    customers: integer().notNull(),
    netPaise: paise().notNull(),
    net12mPaise: paise().notNull(),
  },
  (t) => [primaryKey({ columns: [t.segment, t.month, t.channel] })],
);
