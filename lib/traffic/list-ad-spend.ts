import { and, asc, gte, lte } from "drizzle-orm";
import type { Db } from "@/db";
import { adSpend } from "@/db/schema";
import { istDayWindowSchema, type Clock } from "@/lib/time";

export const SPEND_LIST_MAX_DAYS = 366;

/** GET /api/v1/spend?from&to: IST days, both inclusive; the last 30 days when omitted. */
export function spendWindowSchema(clock: Clock) {
  return istDayWindowSchema(clock, SPEND_LIST_MAX_DAYS);
}

export type SpendRow = typeof adSpend.$inferSelect;

export interface SpendList {
  from: string;
  to: string;
  rows: SpendRow[];
  totalsByChannel: { channel: string; spendPaise: number }[];
  totalPaise: number;
}

/** Spend cells in a window, by day then channel, with per-channel totals for the window. */
export async function listAdSpend(db: Db, window: { from: string; to: string }): Promise<SpendList> {
  const rows = await db
    .select()
    .from(adSpend)
    .where(and(gte(adSpend.day, window.from), lte(adSpend.day, window.to)))
    .orderBy(asc(adSpend.day), asc(adSpend.channel));
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.channel, (totals.get(r.channel) ?? 0) + Number(r.spendPaise));
  const normalised = rows.map((r) => ({ ...r, spendPaise: Number(r.spendPaise) }));
  return {
    ...window,
    rows: normalised,
    totalsByChannel: [...totals]
      .map(([channel, spendPaise]) => ({ channel, spendPaise }))
      .sort((a, b) => b.spendPaise - a.spendPaise),
    totalPaise: [...totals.values()].reduce((a, b) => a + b, 0),
  };
}
