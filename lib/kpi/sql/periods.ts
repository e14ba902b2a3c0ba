import { sql, type SQL } from "drizzle-orm";
import type { DayWindow } from "../windows";
import { ltvCohort } from "../windows";

/** The two windows a KPI request compares. They may overlap (a two-year window vs last year). */
export interface Periods {
  current: DayWindow;
  comparison: DayWindow;
}

export type Period = keyof Periods;

/**
 * The window bounds as a joinable table `p(period, first_day, last_day, cohort_first, cohort_last)`;
 * every KPI query joins its day column against it (`inPeriod`), so a row in both windows counts in
 * both.
 */
export function periodsTable(p: Periods): SQL {
  const row = (name: Period, w: DayWindow) => {
    const c = ltvCohort(w.to);
    return sql`(${name}, ${w.from}::date, ${w.to}::date, ${c.from}::date, ${c.to}::date)`;
  };
  return sql`(values ${row("current", p.current)}, ${row("comparison", p.comparison)})
    as p(period, first_day, last_day, cohort_first, cohort_last)`;
}

export function inPeriod(day: SQL): SQL {
  return sql`${day} between p.first_day and p.last_day`;
}

/** `and column = channel` when the request filters by channel. */
export function channelIs(column: SQL, channel: string | undefined): SQL {
  return channel ? sql`and ${column} = ${channel}` : sql``;
}
