import { asc } from "drizzle-orm";
import type { Db } from "@/db";
import { festivalWindows } from "@/db/schema";
import { formatInr } from "@/lib/money";
import type { SegmentSettings } from "./settings";

/*
 * The segments and the rule behind each, in words the owner reads on the segments page. The
 * words are built from the same settings the SQL uses, so they cannot drift apart.
 */
export const baseSegmentKeys = [
  "new",
  "repeat",
  "vip",
  "at_risk",
  "churned",
  "wholesale",
  "gifting",
] as const;
export type BaseSegmentKey = (typeof baseSegmentKeys)[number];

export interface SegmentDefinition {
  key: string;
  label: string;
  rule: string;
  kind: "base" | "festival";
}

const COUNTED = "Counted orders are those not canceled.";

export function baseSegments(s: SegmentSettings): SegmentDefinition[] {
  const def = (key: BaseSegmentKey, label: string, rule: string): SegmentDefinition => ({
    key,
    label,
    rule,
    kind: "base",
  });
  return [
    def("new", "New", `Exactly one counted order. ${COUNTED}`),
    def("repeat", "Repeat", `Two or more counted orders. ${COUNTED}`),
    def(
      "vip",
      "VIP",
      `Among customers with a counted order in the last ${s.rfmWindowMonths} months, recency (last order), ` +
        `frequency (orders) and monetary value (net of refunds) over those months are each scored 1-5 by quintile ` +
        `(ties share the lower score); VIP when the three scores add up to ${s.vipMinScore} or more (of 15).`,
    ),
    def(
      "at_risk",
      "At risk",
      `Two or more counted orders, and the days since the last one exceed ${s.atRiskGapFactor} × the customer's ` +
        `median gap between orders; not yet churned.`,
    ),
    def("churned", "Churned", `At least one counted order, and none in the last ${s.churnDays} days.`),
    def(
      "wholesale",
      "Wholesale / B2B",
      `In a Medusa customer group named ${s.wholesaleGroupNames.map((n) => `"${n}"`).join(" or ")}, ` +
        `or any counted order of ${formatInr(s.wholesaleMinOrderPaise)} or more, or of ${s.wholesaleMinOrderUnits} units or more.`,
    ),
    def(
      "gifting",
      "Gifting buyers",
      "Any counted order marked as a gift, carrying a gift note, or shipped to an address other than the billing one.",
    ),
  ];
}

export const festivalSegmentKey = (festival: string, year: number) => `festival:${festival}:${year}`;

export const festivalNames: Record<string, string> = {
  diwali: "Diwali",
  karva_chauth: "Karva Chauth",
  raksha_bandhan: "Raksha Bandhan",
  teej: "Teej",
  wedding_season: "Wedding season",
  razai_season: "Winter razai season",
  holi: "Holi",
  sankranti: "Sankranti",
  eoss: "End-of-season sales",
};

/** One segment per festival and year present in the calendar. */
export async function festivalSegments(db: Db): Promise<SegmentDefinition[]> {
  const rows = await db
    .select()
    .from(festivalWindows)
    .orderBy(asc(festivalWindows.year), asc(festivalWindows.festival), asc(festivalWindows.startsOn));
  const byKey = new Map<string, SegmentDefinition & { windows: string[] }>();
  for (const r of rows) {
    const key = festivalSegmentKey(r.festival, r.year);
    const entry = byKey.get(key) ?? {
      key,
      label: `${festivalNames[r.festival] ?? r.festival} ${r.year} buyers`,
      rule: "",
      kind: "festival" as const,
      windows: [],
    };
    entry.windows.push(`${r.startsOn} to ${r.endsOn}`);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ windows, ...d }) => ({
    ...d,
    rule: `A counted order placed between ${windows.join(" or ")} (Asia/Kolkata days, both inclusive).`,
  }));
}

export async function allSegments(db: Db, s: SegmentSettings): Promise<SegmentDefinition[]> {
  return [...baseSegments(s), ...(await festivalSegments(db))];
}
