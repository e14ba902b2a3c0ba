import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { addDays, istDay, istDayStart, type Clock } from "@/lib/time";
import { allSegments, type SegmentDefinition } from "./catalog";
import { readSegmentSettings } from "./settings";
import { at, istDayOf } from "./sql-fragments";

export interface SegmentOverview extends SegmentDefinition {
  size: number;
  /** Lifetime net revenue (counted orders, less refunds) of the members. */
  revenuePaise: number;
  /** Share of all customers' lifetime net revenue, 0..1. */
  revenueShare: number;
  aovPaise: number;
  /** Share of members with two or more counted orders, 0..1. */
  repeatRate: number;
  /** Average lifetime net revenue per member. */
  ltvPaise: number;
  /** Members at the end of each IST day, oldest first. */
  trend: { day: string; size: number }[];
}

/**
 * Size, money and trend per segment for the segments page. Money comes from
 * segment_customer_stats (as of the last recompute); the trend is rebuilt backwards from today's
 * size and the entry/exit history, so it needs no snapshot table.
 */
export async function segmentOverview(db: Db, clock: Clock, trendDays = 90): Promise<SegmentOverview[]> {
  const defs = await allSegments(db, await readSegmentSettings(db));
  const metrics = await queryRows<{
    segment_key: string;
    size: string | number;
    revenue: string | number;
    orders: string | number;
    repeaters: string | number;
  }>(
    db,
    sql`select m.segment_key, count(*) as size, coalesce(sum(s.lifetime_paise), 0) as revenue,
               coalesce(sum(s.orders_count), 0) as orders, count(*) filter (where s.orders_count >= 2) as repeaters
          from segment_members m left join segment_customer_stats s on s.customer_id = m.customer_id
         group by m.segment_key`,
  );
  const [total] = await queryRows<{ revenue: string | number | null }>(
    db,
    sql`select sum(lifetime_paise) as revenue from segment_customer_stats`,
  );
  const today = istDay(clock.now());
  const firstDay = addDays(today, -(trendDays - 1));
  const moves = await queryRows<{ segment_key: string; day: string; net: string | number }>(
    db,
    sql`select segment_key, ${istDayOf(sql`at`)}::text as day,
               sum(case when change = 'entered' then 1 else -1 end) as net
          from segment_history where at >= ${at(istDayStart(firstDay))}
         group by 1, 2`,
  );
  const totalRevenue = Number(total?.revenue ?? 0);
  const byKey = new Map(metrics.map((m) => [m.segment_key, m]));
  const netByKeyDay = new Map(moves.map((m) => [`${m.segment_key}|${m.day}`, Number(m.net)]));

  return defs.map((d) => {
    const m = byKey.get(d.key);
    const size = Number(m?.size ?? 0);
    const revenue = Number(m?.revenue ?? 0);
    const orders = Number(m?.orders ?? 0);
    const trend: { day: string; size: number }[] = [];
    let running = size;
    for (let i = 0; i < trendDays; i++) {
      const day = addDays(today, -i);
      trend.push({ day, size: running });
      running -= netByKeyDay.get(`${d.key}|${day}`) ?? 0;
    }
    trend.reverse();
    return {
      ...d,
      size,
      revenuePaise: revenue,
      revenueShare: totalRevenue > 0 ? revenue / totalRevenue : 0,
      aovPaise: orders > 0 ? Math.round(revenue / orders) : 0,
      repeatRate: size > 0 ? Number(m?.repeaters ?? 0) / size : 0,
      ltvPaise: size > 0 ? Math.round(revenue / size) : 0,
      trend,
    };
  });
}
