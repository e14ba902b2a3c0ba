import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { channelIs, inPeriod, periodsTable, type Periods } from "../sql/periods";
import { splitGrouped, type Grouped } from "./grouped";

/** Storefront sessions started, by channel and by day. */
export async function getTraffic(
  db: Db,
  q: { periods: Periods; channel?: string },
): Promise<Grouped<"sessions">> {
  const rows = await queryRows(
    db,
    sql`select p.period, d.channel, d.day::text as day, sum(d.sessions) as "sessions"
      from kpi_daily_sessions d join ${periodsTable(q.periods)} on ${inPeriod(sql`d.day`)}
      where true ${channelIs(sql`d.channel`, q.channel)}
      group by grouping sets ((p.period, d.channel), (p.period, d.day))`,
  );
  return splitGrouped(rows as never, ["sessions"] as const);
}
