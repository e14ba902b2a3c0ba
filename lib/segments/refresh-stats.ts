import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { SegmentSettings } from "./settings";
import { at, countedOrder, inTargets, monthsBefore } from "./sql-fragments";

/**
 * Rebuilds segment_customer_stats for the given customers (null = everyone) from the mirror:
 * counted orders, first/last order, median gap between consecutive orders, lifetime and RFM-window
 * money, the largest order and whether any order was a gift. A customer left with no counted
 * order loses the row.
 */
export async function refreshCustomerStats(
  db: Db,
  targets: readonly string[] | null,
  now: Date,
  s: SegmentSettings,
): Promise<void> {
  const cutoff = at(monthsBefore(now, s.rfmWindowMonths));
  await db.execute(sql`delete from segment_customer_stats where ${inTargets(sql`customer_id`, targets)}`);
  const unitsScope =
    targets === null
      ? sql`true`
      : sql`oi.order_id in (select id from orders where ${inTargets(sql`customer_id`, targets)})`;
  await db.execute(sql`
    insert into segment_customer_stats
      (customer_id, orders_count, first_order_at, last_order_at, median_gap_days, lifetime_paise,
       orders24m, monetary24m_paise, max_order_paise, max_order_units, has_gift_order, computed_at)
    select customer_id, count(*)::int, min(placed_at), max(placed_at),
           percentile_cont(0.5) within group (order by gap_days),
           sum(net),
           (count(*) filter (where placed_at >= ${cutoff}))::int,
           coalesce(sum(net) filter (where placed_at >= ${cutoff}), 0),
           max(total_paise), max(units)::int, bool_or(gift), ${at(now)}
      from (
        select o.customer_id, o.placed_at, o.total_paise, o.total_paise - o.refunded_paise as net,
               (o.is_gift or coalesce(o.gift_note, '') <> '' or o.ship_to_differs) as gift,
               coalesce(u.units, 0) as units,
               extract(epoch from o.placed_at - lag(o.placed_at) over (partition by o.customer_id order by o.placed_at))
                 / 86400.0 as gap_days
          from orders o
          left join (select oi.order_id, sum(oi.quantity) as units from order_items oi
                      where ${unitsScope} group by oi.order_id) u on u.order_id = o.id
         where ${countedOrder("o")} and ${inTargets(sql`o.customer_id`, targets)}
      ) x
     group by customer_id`);
}
