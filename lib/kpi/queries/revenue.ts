import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import type { Segment } from "../channels";
import { sumPaise } from "../sql/fragments";
import { channelIs, inPeriod, periodsTable, type Periods } from "../sql/periods";
import { splitGrouped, type Grouped } from "./grouped";

export const ORDER_FIELDS = [
  "orders",
  "gross",
  "refunds",
  "returns",
  "newCustomers",
  "repeatOrders",
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];

/** Orders, gross revenue, refunds and returns booked, new customers and repeat orders. */
export async function getRevenue(
  db: Db,
  q: { periods: Periods; segment: Segment; channel?: string },
): Promise<Grouped<OrderField>> {
  const rows = await queryRows(
    db,
    sql`select p.period, d.channel, d.day::text as day,
        sum(d.orders) as "orders", ${sumPaise(sql`d.gross_paise`)} as "gross", ${sumPaise(sql`d.refund_paise`)} as "refunds",
        ${sumPaise(sql`d.returned_paise`)} as "returns", sum(d.new_customers) as "newCustomers",
        sum(d.repeat_orders) as "repeatOrders"
      from kpi_daily_orders d join ${periodsTable(q.periods)} on ${inPeriod(sql`d.day`)}
      where d.segment = ${q.segment} ${channelIs(sql`d.channel`, q.channel)}
      group by grouping sets ((p.period, d.channel), (p.period, d.day))`,
  );
  return splitGrouped(rows as never, ORDER_FIELDS);
}
