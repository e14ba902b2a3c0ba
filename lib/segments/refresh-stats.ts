import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { SegmentSettings } from "./settings";
import { at, countedOrder, inScope, monthsBefore, type Scope } from "./sql-fragments";

/**
 * Brings segment_customer_stats up to date for the scope's customers from the mirror:
 * counted orders, first/last order, median gap between consecutive orders, lifetime and RFM-window
 * money, the largest order and whether any order was a gift. A customer left with no counted
 * order loses the row.
 */
export async function refreshCustomerStats(
  db: Db,
  scope: Scope,
  now: Date,
  s: SegmentSettings,
): Promise<void> {
  await db.execute(refreshStatsStatement(scope, now, s));
}

export function refreshStatsStatement(scope: Scope, now: Date, s: SegmentSettings) {
  const cutoff = at(monthsBefore(now, s.rfmWindowMonths));
  // One pass over the counted orders, sorted once by (customer, placed_at) for the gaps and grouped
  // in that same order. The customer id is compared bytewise (collate "C"): grouping only needs
  // equality, and with a locale collation every comparison of that sort is a strcoll() call
  // without abbreviated keys (measured: the 1M-order sort takes ~40% longer).
  // Upsert only what changed: a nightly run over a quiet store rewrites a few rows, not all of them.
  return sql`
    with fresh as (
    select customer_id, count(*)::int as orders_count, min(placed_at) as first_order_at,
           max(placed_at) as last_order_at,
           percentile_cont(0.5) within group (order by gap_days) as median_gap_days,
           sum(net)::bigint as lifetime_paise,
           (count(*) filter (where placed_at >= ${cutoff}))::int as orders24m,
           coalesce(sum(net) filter (where placed_at >= ${cutoff}), 0)::bigint as monetary24m_paise,
           max(total_paise) as max_order_paise, max(units)::int as max_order_units,
           bool_or(gift) as has_gift_order
      from (
        select customer_id, placed_at, total_paise, net, gift, units,
               extract(epoch from placed_at - lag(placed_at) over (partition by customer_id order by placed_at))
                 / 86400.0 as gap_days
          from (
            select o.customer_id collate "C" as customer_id, o.placed_at, o.total_paise,
                   o.total_paise - o.refunded_paise as net,
                   (o.is_gift or coalesce(o.gift_note, '') <> '' or o.ship_to_differs) as gift,
                   o.item_units as units
              from orders o
             where ${countedOrder("o")} and ${inScope(sql`o.customer_id`, scope)}
          ) o
      ) x
     group by customer_id
    ),
    -- The rows that differ, found by one hash join: cheaper than letting the upsert's conflict
    -- check visit and compare every unchanged row (1.3 s of a nightly run over 190k customers).
    changed as (
      select f.* from fresh f
      left join segment_customer_stats st on st.customer_id = f.customer_id
       where st.customer_id is null
          or (st.orders_count, st.first_order_at, st.last_order_at, st.median_gap_days, st.lifetime_paise,
              st.orders24m, st.monetary24m_paise, st.max_order_paise, st.max_order_units, st.has_gift_order)
             is distinct from
             (f.orders_count, f.first_order_at, f.last_order_at, f.median_gap_days, f.lifetime_paise,
              f.orders24m, f.monetary24m_paise, f.max_order_paise, f.max_order_units, f.has_gift_order)
    ),
    upserted as (
      insert into segment_customer_stats as st
        (customer_id, orders_count, first_order_at, last_order_at, median_gap_days, lifetime_paise,
         orders24m, monetary24m_paise, max_order_paise, max_order_units, has_gift_order, computed_at)
      select c.*, ${at(now)} from changed c
      on conflict (customer_id) do update set
        orders_count = excluded.orders_count, first_order_at = excluded.first_order_at,
        last_order_at = excluded.last_order_at, median_gap_days = excluded.median_gap_days,
        lifetime_paise = excluded.lifetime_paise, orders24m = excluded.orders24m,
        monetary24m_paise = excluded.monetary24m_paise, max_order_paise = excluded.max_order_paise,
        max_order_units = excluded.max_order_units, has_gift_order = excluded.has_gift_order,
        computed_at = excluded.computed_at
      returning 1
    )
    delete from segment_customer_stats st
     where ${inScope(sql`st.customer_id`, scope)}
       and not exists (select 1 from fresh f where f.customer_id = st.customer_id)`;
}
