import { bigint, boolean, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { instant, paise } from "./columns";

/*
 * The inventory guard (lib/guard). Verdicts are a record of the last evaluation (for the guard
 * page and for change events); promote paths never read them as the answer, they re-check live.
 */

export type GuardReasonRow = { code: string; detail: string };

/** The current verdict per SKU and since when it has held. */
export const guardVerdicts = pgTable(
  "guard_verdicts",
  {
    sku: text().primaryKey(),
    promotable: boolean().notNull(),
    reasons: jsonb().$type<GuardReasonRow[]>().notNull(),
    /** Sellable units (kit-aware); null when the variant does not manage inventory. */
    available: integer(),
    /** When `promotable` last changed. */
    since: instant().notNull(),
    evaluatedAt: instant().notNull(),
    /** Last counted sale, cached so the read-time check need not scan order history. */
    lastSoldAt: instant(),
    substituteSku: text(),
    /** Average daily revenue over the last 28 days, for "revenue at risk". */
    dailyRevenuePaise: paise().notNull().default(0),
  },
  (t) => [index("guard_verdicts_promotable_idx").on(t.promotable, t.since)],
);

/** One row per decision that suppressed a SKU on a promote path (blocked or swapped). */
export const guardAudit = pgTable(
  "guard_audit",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: instant().notNull(),
    /** whatsapp | instagram | storefront | bundle | campaign | recovery | agent */
    surface: text().notNull(),
    sku: text().notNull(),
    /** blocked | swapped */
    action: text().notNull(),
    swappedTo: text(),
    reasons: jsonb().$type<GuardReasonRow[]>().notNull(),
  },
  (t) => [index("guard_audit_at_idx").on(t.at), index("guard_audit_sku_idx").on(t.sku)],
);
