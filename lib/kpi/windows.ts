import { addDays, daysInclusive, type IstDay } from "@/lib/time";

export const COMPARES = ["previous", "last_year"] as const;
export type Compare = (typeof COMPARES)[number];

/** IST calendar days, both inclusive. */
export interface DayWindow {
  from: IstDay;
  to: IstDay;
}

/** The same day of the month `n` months away, clamped to the month's end (Mar 31 − 1 → Feb 28/29). */
export function addMonths(day: IstDay, n: number): IstDay {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const month = y * 12 + (m - 1) + n;
  const year = Math.floor(month / 12);
  const mon = month - year * 12;
  const last = new Date(Date.UTC(year, mon + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, mon, Math.min(d, last))).toISOString().slice(0, 10);
}

/**
 * `previous`: the equal-length window ending the day before `from`. `last_year`: the same dates
 * a year earlier (29 Feb → 28 Feb, so that window can be a day shorter).
 */
export function comparisonWindow(w: DayWindow, compare: Compare): DayWindow {
  if (compare === "previous") {
    const n = daysInclusive(w.from, w.to);
    return { from: addDays(w.from, -n), to: addDays(w.from, -1) };
  }
  return { from: addMonths(w.from, -12), to: addMonths(w.to, -12) };
}

/** First-order days of the 12-month LTV cohort as of `end`: first bought 12–24 months before. */
export function ltvCohort(end: IstDay): DayWindow {
  return { from: addDays(addMonths(end, -24), 1), to: addMonths(end, -12) };
}

export function daysOf(w: DayWindow): IstDay[] {
  const n = daysInclusive(w.from, w.to);
  return Array.from({ length: n }, (_, i) => addDays(w.from, i));
}
