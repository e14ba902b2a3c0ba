import { z } from "zod";
import { daysInclusive, isIstDay } from "@/lib/time";
import { MAX_WINDOW_DAYS } from "@/lib/kpi";

const istDay = z
  .string()
  .refine(isIstDay, { message: "must be a calendar day written YYYY-MM-DD (Asia/Kolkata)" });

/** GET /api/v1/journey query parameters: a window of IST days, both inclusive. */
export const journeyQuerySchema = z.object({ from: istDay, to: istDay }).superRefine((q, ctx) => {
  if (!isIstDay(q.from) || !isIstDay(q.to)) return;
  const days = daysInclusive(q.from, q.to);
  if (days < 1)
    ctx.addIssue({ code: "custom", path: ["to"], message: `must not be before from (${q.from})` });
  else if (days > MAX_WINDOW_DAYS)
    ctx.addIssue({ code: "custom", path: ["to"], message: `at most ${MAX_WINDOW_DAYS} days are allowed` });
});
export type JourneyQuery = z.infer<typeof journeyQuerySchema>;
