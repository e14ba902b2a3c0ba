import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { sumPaise } from "../sql/fragments";
import { channelIs, inPeriod, periodsTable, type Periods } from "../sql/periods";
import { splitGrouped, type Grouped } from "./grouped";

/** Ad spend plus channel costs (kpi_channel_costs) per channel. */
export async function getSpend(db: Db, q: { periods: Periods; channel?: string }): Promise<Grouped<"spend">> {
  const rows = await queryRows(
    db,
    sql`select p.period, d.channel, null::text as day, ${sumPaise(sql`d.spend_paise`)} as "spend"
      from kpi_daily_spend d join ${periodsTable(q.periods)} on ${inPeriod(sql`d.day`)}
      where true ${channelIs(sql`d.channel`, q.channel)}
      group by p.period, d.channel`,
  );
  return splitGrouped(rows as never, ["spend"] as const);
}
