import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { listFestivalWindows } from "@/lib/segments";
import { istDay } from "@/lib/time";
import type { PeriodContext } from "./period";

/**
 * Today in IST and the "festive season" preset: this year's Diwali window(s) from festival_windows
 * (earliest start to latest end), or last year's while this year's has not begun; Oct 1 – Nov 30
 * when the calendar has none. A window still running ends today, so it never shows future days.
 */
export async function periodContext(db: Db, now: Date): Promise<PeriodContext> {
  const today = istDay(now);
  const year = Number(today.slice(0, 4));
  for (const y of [year, year - 1]) {
    const diwali = (await listFestivalWindows(db, y)).filter((w) => w.festival === "diwali");
    if (diwali.length === 0) continue;
    const from = diwali.map((w) => w.startsOn).sort()[0]!;
    if (from > today) continue;
    const end = diwali
      .map((w) => w.endsOn)
      .sort()
      .at(-1)!;
    return { today, festive: { from, to: end < today ? end : today, label: `Diwali ${y}` } };
  }
  const from = `${year}-10-01`;
  const y = from > today ? year - 1 : year;
  const end = `${y}-11-30`;
  return {
    today,
    festive: { from: `${y}-10-01`, to: end < today ? end : today, label: `Festive season ${y}` },
  };
}

/** When the mirror last received data: the latest order sync (orders are what every figure hangs on). */
export async function lastDataAt(db: Db): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | Date | null }>(
    db,
    sql`select max(synced_at) as at from orders`,
  );
  return row?.at ? new Date(row.at) : null;
}
