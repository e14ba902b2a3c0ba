import { z } from "zod";
import type { Clock } from "./clock";
import { addDays, daysInclusive, isIstDay, istDay } from "./ist";

/**
 * `?from&to` for a list or figures page: IST days, both inclusive; the last 30 days (ending today
 * in IST) when omitted; at most `maxDays` long, so one request cannot ask for years of rows.
 */
export function istDayWindowSchema(clock: Clock, maxDays: number) {
  const day = z.string().refine(isIstDay, { message: "must be YYYY-MM-DD" });
  return z
    .strictObject({ from: day.optional(), to: day.optional() })
    .transform(({ from, to }) => {
      const end = to ?? istDay(clock.now());
      return { from: from ?? addDays(end, -29), to: end };
    })
    .refine((w) => w.from <= w.to, { message: "from must be on or before to", path: ["from"] })
    .refine((w) => daysInclusive(w.from, w.to) <= maxDays, {
      message: `the window is at most ${maxDays} days`,
      path: ["from"],
    });
}
