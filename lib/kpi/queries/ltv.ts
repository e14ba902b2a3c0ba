import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { addDays, type IstDay } from "@/lib/time";
import type { Period, Periods } from "../sql/periods";
import { sumPaise } from "../sql/fragments";
import { channelIs } from "../sql/periods";
import { addMonths, ltvCohort, type DayWindow } from "../windows";

export interface LtvSums {
  /** Customers whose first counted order is on or before the window's last day. */
  customers: number;
  netRevenue: number;
  /** The cohort that first bought 12–24 months before the window's last day. */
  cohortCustomers: number;
  cohortNet12m: number;
}

const monthOf = (day: IstDay) => `${day.slice(0, 7)}-01`;

/**
 * How one period's LTV sums split between whole months (kpi_monthly_cohorts) and single days
 * (kpi_daily_cohorts): lifetime = months before the end's month + that month's days up to the
 * end; the cohort = its whole months + the days of its first and last partial months. An empty
 * day range has its first day after its last.
 */
export function ltvSplit(end: IstDay) {
  const endMonth = monthOf(end);
  const c = ltvCohort(end);
  const fullFrom = c.from === monthOf(c.from) ? c.from : addMonths(monthOf(c.from), 1);
  const afterTo = addDays(c.to, 1);
  const fullTo = addMonths(monthOf(afterTo), -1); // the last month ending on or before c.to
  const none: DayWindow = { from: afterTo, to: c.to };
  if (fullFrom > fullTo) return { endMonth, fullFrom, fullTo, head: c, tail: none };
  return {
    endMonth,
    fullFrom,
    fullTo,
    head: { from: c.from, to: addDays(fullFrom, -1) },
    tail: { from: addMonths(fullTo, 1), to: c.to },
  };
}

/** Lifetime net revenue per customer segment, and the 12-month cohort, as of each window's end. */
export async function getLtv(
  db: Db,
  q: { periods: Periods; channel?: string },
): Promise<Record<Period, Map<string, LtvSums>>> {
  const row = (name: Period, end: IstDay) => {
    const s = ltvSplit(end);
    return sql`(${name}, ${s.endMonth}::date, ${end}::date, ${s.fullFrom}::date, ${s.fullTo}::date,
      ${s.head.from}::date, ${s.head.to}::date, ${s.tail.from}::date, ${s.tail.to}::date)`;
  };
  const p = sql`(values ${row("current", q.periods.current.to)}, ${row("comparison", q.periods.comparison.to)})
    as p(period, end_month, last_day, full_from, full_to, head_from, head_to, tail_from, tail_to)`;
  const rows = await queryRows<{ period: Period; segment: string } & Record<string, unknown>>(
    db,
    sql`select x.period, x.segment, sum(x.customers) as "customers", ${sumPaise(sql`x.net`)} as "netRevenue",
        sum(x.cohort_customers) as "cohortCustomers", ${sumPaise(sql`x.cohort_net`)} as "cohortNet12m"
      from (
        select p.period, m.segment, m.customers, m.net_paise as net,
          case when m.month between p.full_from and p.full_to then m.customers else 0 end as cohort_customers,
          case when m.month between p.full_from and p.full_to then m.net12m_paise else 0 end as cohort_net
        from kpi_monthly_cohorts m join ${p} on m.month < p.end_month
        where true ${channelIs(sql`m.channel`, q.channel)}
        union all
        select p.period, d.segment, d.customers, d.net_paise, 0, 0
        from kpi_daily_cohorts d join ${p} on d.first_day between p.end_month and p.last_day
        where true ${channelIs(sql`d.channel`, q.channel)}
        union all
        select p.period, d.segment, 0, 0, d.customers, d.net12m_paise
        from kpi_daily_cohorts d join ${p}
          on d.first_day between p.head_from and p.head_to or d.first_day between p.tail_from and p.tail_to
        where true ${channelIs(sql`d.channel`, q.channel)}
      ) x
      group by x.period, x.segment`,
  );
  const out: Record<Period, Map<string, LtvSums>> = { current: new Map(), comparison: new Map() };
  for (const r of rows) {
    out[r.period].set(r.segment, {
      customers: Number(r.customers),
      netRevenue: Number(r.netRevenue),
      cohortCustomers: Number(r.cohortCustomers),
      cohortNet12m: Number(r.cohortNet12m),
    });
  }
  return out;
}
