import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { applyToRollups } from "@/lib/kpi";
import { addDays, istDay, istDayStart, type Clock } from "@/lib/time";

/*
 * WhatsApp message costs into the KPI spend, so channel ROI/CAC for whatsapp counts what the
 * messages cost. Meta bills a template when it is delivered (per-message pricing since
 * 2025-07-01), so a message's cost lands on the IST day of its delivery; one that is never
 * delivered costs nothing. The figure per day is recomputed whole from wa_messages each time,
 * which makes booking the same day twice harmless.
 */
export const WHATSAPP_COST_SOURCE = "whatsapp_messages";

/** Re-books the given IST days (default: the days of `deliveredSince` up to today). */
export async function bookMessageCosts(
  db: Db,
  clock: Clock,
  days: readonly string[],
): Promise<{ days: number; costPaise: number }> {
  const unique = [...new Set(days)];
  if (unique.length === 0) return { days: 0, costPaise: 0 };
  const json = JSON.stringify(unique);
  // The range lets the delivered_at index narrow the scan; the day list then picks the days.
  const sorted = [...unique].sort();
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const now = clock.now().toISOString();
  const rows = await db.transaction(async (tx) => {
    await tx.execute(
      sql`delete from kpi_channel_costs
          where source = ${WHATSAPP_COST_SOURCE} and channel = 'whatsapp'
            and day in (select d::date from jsonb_array_elements_text(${json}::jsonb) as d)`,
    );
    return queryRows<{ cost: string | number }>(
      tx as unknown as Db,
      sql`insert into kpi_channel_costs (day, channel, source, cost_paise, updated_at)
          select (m.delivered_at at time zone 'Asia/Kolkata')::date, 'whatsapp', ${WHATSAPP_COST_SOURCE},
                 sum(m.cost_paise), ${now}::timestamptz
          from wa_messages m
          where m.delivered_at >= ${istDayStart(first).toISOString()}::timestamptz
            and m.delivered_at < ${istDayStart(addDays(last, 1)).toISOString()}::timestamptz
            and m.cost_paise > 0
            and (m.delivered_at at time zone 'Asia/Kolkata')::date in
                (select d::date from jsonb_array_elements_text(${json}::jsonb) as d)
          group by 1
          returning cost_paise as cost`,
    );
  });
  await applyToRollups(db, { days: unique });
  return { days: unique.length, costPaise: rows.reduce((s, r) => s + Number(r.cost), 0) };
}

/** The IST days of the given delivery instants, for bookMessageCosts. */
export const deliveryDays = (instants: readonly (Date | string)[]): string[] => [
  ...new Set(instants.map((t) => istDay(new Date(t)))),
];
