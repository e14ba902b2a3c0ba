import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { sumPaise } from "../sql/fragments";
import { channelIs, inPeriod, periodsTable, type Periods } from "../sql/periods";
import { splitGrouped, type Grouped } from "./grouped";

export const CART_FIELDS = ["abandoned", "recovered", "recoveredRevenue"] as const;

/** Carts abandoned in the window (by abandonment day), how many were recovered, and for how much. */
export async function getCarts(
  db: Db,
  q: { periods: Periods; channel?: string },
): Promise<Grouped<(typeof CART_FIELDS)[number]>> {
  const rows = await queryRows(
    db,
    sql`select p.period, d.channel, null::text as day, sum(d.abandoned) as "abandoned",
        sum(d.recovered) as "recovered", ${sumPaise(sql`d.recovered_paise`)} as "recoveredRevenue"
      from kpi_daily_carts d join ${periodsTable(q.periods)} on ${inPeriod(sql`d.day`)}
      where true ${channelIs(sql`d.channel`, q.channel)}
      group by p.period, d.channel`,
  );
  return splitGrouped(rows as never, CART_FIELDS);
}
