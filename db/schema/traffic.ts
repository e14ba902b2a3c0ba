import { date, index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, paise } from "./columns";

/*
 * What Medusa does not know: storefront visits (from Kosha's own beacon), influencer referral
 * codes and ad spend. Revenue per channel, conversion and CAC are built on these.
 */

export const webSessions = pgTable(
  "web_sessions",
  {
    id: text().primaryKey(),
    /** First-party visitor id from the storefront beacon's cookie. */
    visitorId: text().notNull(),
    startedAt: instant().notNull(),
    /** whatsapp | instagram | youtube | seo | influencer | paid | email | direct | other */
    channel: text().notNull(),
    utmSource: text(),
    utmMedium: text(),
    utmCampaign: text(),
    referralCode: text(),
    referrer: text(),
    landingPath: text(),
    /** The Medusa cart opened in this session: ties a visit to its cart and order. */
    cartId: text(),
    customerId: text(),
  },
  (t) => [
    index("web_sessions_started_idx").on(t.startedAt),
    index("web_sessions_visitor_idx").on(t.visitorId, t.startedAt),
    index("web_sessions_cart_idx").on(t.cartId),
    // KPI attribution finds a customer's visits by customer id (lib/kpi).
    index("web_sessions_customer_idx").on(t.customerId),
  ],
);

export const referralCodes = pgTable("referral_codes", {
  code: text().primaryKey(),
  /** Influencer or partner the code belongs to. */
  ownerName: text().notNull(),
  channel: text().notNull(),
  createdAt: instant().notNull(),
});

export const adSpend = pgTable(
  "ad_spend",
  {
    /** Calendar day in Asia/Kolkata. */
    day: date({ mode: "string" }).notNull(),
    channel: text().notNull(),
    spendPaise: paise().notNull(),
    /** csv | manual | demo */
    source: text().notNull(),
    /** What the owner wrote beside the amount (campaign, agency invoice), from the sheet or the form. */
    note: text(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel] }), index("ad_spend_channel_idx").on(t.channel)],
);
