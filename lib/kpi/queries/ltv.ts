import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import type { Period, Periods } from "../sql/periods";
import { channelIs, periodsTable } from "../sql/periods";

export interface LtvSums {
  /** Customers whose first counted order is on or before the window's last day. */
  customers: number;
  netRevenue: number;
  /** The cohort that first bought 12–24 months before the window's last day. */
  cohortCustomers: number;
  cohortNet12m: number;
}

/** Lifetime net revenue per customer segment, and the 12-month cohort, as of each window's end. */
export async function getLtv(
  db: Db,
  q: { periods: Periods; channel?: string },
): Promise<Record<Period, Map<string, LtvSums>>> {
  const rows = await queryRows<{ period: Period; segment: string } & Record<string, unknown>>(
    db,
    sql`select p.period, c.segment,
        sum(c.customers) as "customers", sum(c.net_paise) as "netRevenue",
        coalesce(sum(c.customers) filter (where c.first_day between p.cohort_first and p.cohort_last), 0)
          as "cohortCustomers",
        coalesce(sum(c.net12m_paise) filter (where c.first_day between p.cohort_first and p.cohort_last), 0)
          as "cohortNet12m"
      from kpi_daily_cohorts c join ${periodsTable(q.periods)} on c.first_day <= p.last_day
      where true ${channelIs(sql`c.channel`, q.channel)}
      group by p.period, c.segment`,
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
