import { z } from "zod";
import { MoneyError, rupeesToPaise } from "@/lib/money";
import { isIstDay, istDay, type Clock } from "@/lib/time";
import { TRAFFIC_CHANNELS, type TrafficChannel } from "./channels";

/*
 * The fields of one ad-spend entry, shared by the CSV import and the manual form, so both refuse
 * the same things with the same words.
 */
export const SPEND_EARLIEST_DAY = "2015-01-01";
/** ₹10 crore a day on one channel: above it, a typo (an extra zero or two) is likelier than spend. */
export const SPEND_MAX_RUPEES_PER_DAY = 100_000_000;
/** Channels that can be bought; direct visits have no spend to record. */
export const SPEND_CHANNELS = TRAFFIC_CHANNELS.filter((c) => c !== "direct") as Exclude<
  TrafficChannel,
  "direct"
>[];

export function spendDaySchema(clock: Clock) {
  return z
    .string()
    .trim()
    .refine(isIstDay, { message: "must be a date as YYYY-MM-DD (e.g. 2026-10-02)", abort: true })
    .refine((d) => d >= SPEND_EARLIEST_DAY, { message: `must be on or after ${SPEND_EARLIEST_DAY}` })
    .refine((d) => d <= istDay(clock.now()), {
      message: "is in the future (spend is recorded after the day)",
    });
}

export const spendChannelSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(
    z.enum(SPEND_CHANNELS, {
      message: `must be one of ${SPEND_CHANNELS.join(", ")} (direct visits have no spend)`,
    }),
  );

/** Decimal rupees as typed in a sheet: "12,500", "₹ 1,23,456.50", "99.5"; at most two decimals. */
export const spendInrSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value)
    .trim()
    .replace(/^(₹|rs\.?|inr)\s*/i, "")
    .replace(/,/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(text)) {
    ctx.addIssue({
      code: "custom",
      message: "must be an amount in rupees with at most two decimals, e.g. 2500 or 2500.50",
    });
    return z.NEVER;
  }
  try {
    const paise = rupeesToPaise(text);
    if (paise > SPEND_MAX_RUPEES_PER_DAY * 100) {
      ctx.addIssue({
        code: "custom",
        message: `is over ₹${SPEND_MAX_RUPEES_PER_DAY.toLocaleString("en-IN")} for one day`,
      });
      return z.NEVER;
    }
    return paise;
  } catch (e) {
    ctx.addIssue({ code: "custom", message: e instanceof MoneyError ? e.message : "is not an amount" });
    return z.NEVER;
  }
});

export const spendNoteSchema = z
  .string()
  .trim()
  .max(500, { message: "must be at most 500 characters" })
  .transform((s) => (s === "" ? null : s));

/** POST /api/v1/spend: one day's spend on one channel, typed in by the owner. */
export function manualSpendSchema(clock: Clock) {
  return z.strictObject({
    day: spendDaySchema(clock),
    channel: spendChannelSchema,
    spendInr: spendInrSchema,
    note: spendNoteSchema.optional(),
  });
}

/** What gets stored: one (IST day, channel) cell. */
export interface SpendEntry {
  day: string;
  channel: string;
  spendPaise: number;
  note: string | null;
}
