import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { addDays, istDayStart } from "@/lib/time";
import { istDayOf, knownChannel } from "../sql/fragments";
import { dayList } from "../sql/ids";
import { customerSegments, orderSegments } from "../sql/segments";

/*
 * The daily cells /api/v1/kpis reads. Each function recomputes the cells of the given IST days
 * (all days when `days` is null) from their source: delete, then insert the fresh sums, so a
 * recompute is idempotent and a cell that no longer has rows disappears.
 */

type Days = readonly string[] | null;

function onDays(column: SQL, days: Days): SQL {
  return days === null ? sql`true` : sql`${column} in ${dayList(days)}`;
}

/** A timestamptz column falls on one of the days (range first, so the column's index is used). */
function instantOnDays(column: SQL, days: Days): SQL {
  if (days === null) return sql`true`;
  if (days.length === 0) return sql`false`;
  const sorted = [...days].sort();
  const start = istDayStart(sorted[0]!).toISOString();
  const end = istDayStart(addDays(sorted[sorted.length - 1]!, 1)).toISOString();
  return sql`${column} >= ${start}::timestamptz and ${column} < ${end}::timestamptz
    and ${istDayOf(column)} in ${dayList(days)}`;
}

async function replace(db: Db, table: SQL, dayColumn: SQL, days: Days, insert: SQL): Promise<void> {
  if (days !== null && days.length === 0) return;
  await db.execute(sql`delete from ${table} where ${onDays(dayColumn, days)}`);
  await db.execute(insert);
}

export function recomputeDailyOrders(db: Db, days: Days): Promise<void> {
  return replace(
    db,
    sql`kpi_daily_orders`,
    sql`day`,
    days,
    sql`insert into kpi_daily_orders (segment, day, channel, orders, gross_paise, refund_paise,
        returned_paise, new_customers, repeat_orders)
      select seg, x.day, x.channel, sum(x.orders), sum(x.gross), sum(x.refund), sum(x.returned),
        sum(x.new_customers), sum(x.repeat_orders)
      from (
        select f.placed_day as day, f.channel, ${orderSegments} as segs, 1 as orders,
          f.gross_paise as gross, 0::bigint as refund, 0::bigint as returned,
          case when f.is_repeat then 0 else 1 end as new_customers,
          case when f.is_repeat then 1 else 0 end as repeat_orders
        from kpi_order_facts f where ${onDays(sql`f.placed_day`, days)}
        union all
        select f.deduct_day, f.channel, ${orderSegments}, 0, 0, f.refund_paise, f.returned_paise, 0, 0
        from kpi_order_facts f
        where ${onDays(sql`f.deduct_day`, days)} and f.refund_paise + f.returned_paise > 0
      ) x
      cross join lateral unnest(x.segs) as seg
      group by seg, x.day, x.channel`,
  );
}

export function recomputeDailySessions(db: Db, days: Days): Promise<void> {
  const day = istDayOf(sql`s.started_at`);
  const channel = knownChannel(sql`s.channel`);
  return replace(
    db,
    sql`kpi_daily_sessions`,
    sql`day`,
    days,
    sql`insert into kpi_daily_sessions (day, channel, sessions)
      select ${day}, ${channel}, count(*) from web_sessions s
      where ${instantOnDays(sql`s.started_at`, days)}
      group by 1, 2`,
  );
}

export function recomputeDailyCarts(db: Db, days: Days): Promise<void> {
  return replace(
    db,
    sql`kpi_daily_carts`,
    sql`day`,
    days,
    sql`insert into kpi_daily_carts (day, channel, abandoned, recovered, recovered_paise)
      select f.abandon_day, f.channel, count(*), count(*) filter (where f.recovered), sum(f.recovered_paise)
      from kpi_cart_facts f where ${onDays(sql`f.abandon_day`, days)}
      group by 1, 2`,
  );
}

export function recomputeDailySpend(db: Db, days: Days): Promise<void> {
  return replace(
    db,
    sql`kpi_daily_spend`,
    sql`day`,
    days,
    sql`insert into kpi_daily_spend (day, channel, spend_paise)
      select x.day, x.channel, sum(x.paise) from (
        select a.day, ${knownChannel(sql`a.channel`)} as channel, a.spend_paise as paise
        from ad_spend a where ${onDays(sql`a.day`, days)}
        union all
        select k.day, ${knownChannel(sql`k.channel`)}, k.cost_paise
        from kpi_channel_costs k where ${onDays(sql`k.day`, days)}
      ) x group by 1, 2`,
  );
}

export function recomputeDailyCohorts(db: Db, days: Days): Promise<void> {
  return replace(
    db,
    sql`kpi_daily_cohorts`,
    sql`first_day`,
    days,
    sql`insert into kpi_daily_cohorts (segment, first_day, channel, customers, net_paise, net12m_paise)
      select seg, c.first_day, c.acquisition_channel, count(*), sum(c.net_paise), sum(c.net12m_paise)
      from kpi_customers c
      cross join lateral unnest(${customerSegments}) as seg
      where ${onDays(sql`c.first_day`, days)}
      group by 1, 2, 3`,
  );
}

/** The first day of each month the days fall in. */
export function monthsOf(days: readonly string[]): string[] {
  return [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))];
}

/** Re-sums kpi_monthly_cohorts for the months of the days, from kpi_daily_cohorts (run after it). */
export function recomputeMonthlyCohorts(db: Db, days: Days): Promise<void> {
  const months = days === null ? null : monthsOf(days).sort();
  const fromDaily =
    months === null
      ? sql`true`
      : sql`d.first_day >= ${months[0]}::date and d.first_day < ${months[months.length - 1]}::date + interval '1 month'
          and date_trunc('month', d.first_day)::date in ${dayList(months)}`;
  return replace(
    db,
    sql`kpi_monthly_cohorts`,
    sql`month`,
    months,
    sql`insert into kpi_monthly_cohorts (segment, month, channel, customers, net_paise, net12m_paise)
      select d.segment, date_trunc('month', d.first_day)::date, d.channel, sum(d.customers), sum(d.net_paise),
        sum(d.net12m_paise)
      from kpi_daily_cohorts d where ${fromDaily}
      group by 1, 2, 3`,
  );
}
