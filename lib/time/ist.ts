/*
 * Time is stored as UTC instants; business days are cut in Asia/Kolkata (UTC+05:30, no DST),
 * so a fixed offset is exact and avoids Intl in hot loops.
 */
export const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day in Asia/Kolkata, "YYYY-MM-DD". */
export type IstDay = string;

export function istDay(instant: Date | number): IstDay {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

export function isIstDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The UTC instant at which an IST calendar day starts (00:00 IST = 18:30 UTC the day before). */
export function istDayStart(day: IstDay): Date {
  if (!isIstDay(day)) throw new RangeError(`"${day}" is not a calendar day (YYYY-MM-DD)`);
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - IST_OFFSET_MS);
}

export function addDays(day: IstDay, n: number): IstDay {
  return new Date(istDayStart(day).getTime() + IST_OFFSET_MS + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both inclusive (1 for a single day). */
export function daysInclusive(from: IstDay, to: IstDay): number {
  return Math.round((istDayStart(to).getTime() - istDayStart(from).getTime()) / DAY_MS) + 1;
}

/** A window of IST calendar days, both ends inclusive, as a half-open UTC range [start, end). */
export function istWindow(from: IstDay, to: IstDay): { start: Date; end: Date } {
  if (daysInclusive(from, to) < 1) throw new RangeError(`window ends (${to}) before it starts (${from})`);
  return { start: istDayStart(from), end: istDayStart(addDays(to, 1)) };
}
