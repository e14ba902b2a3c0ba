import { z } from "zod";
import { daysInclusive, isIstDay } from "@/lib/time";
import { CHANNELS, SEGMENTS } from "./channels";
import { COMPARES } from "./windows";

/** Longest window a request may ask for: two years, leap day included. */
export const MAX_WINDOW_DAYS = 731;

const istDay = z
  .string()
  .refine(isIstDay, { message: "must be a calendar day written YYYY-MM-DD (Asia/Kolkata)" });

/** GET /api/v1/kpis query parameters. */
export const kpiQuerySchema = z
  .object({
    from: istDay,
    to: istDay,
    compare: z.enum(COMPARES).default("previous"),
    channel: z.enum(CHANNELS).optional(),
    segment: z.enum(SEGMENTS).default("all"),
  })
  .superRefine((q, ctx) => {
    if (!isIstDay(q.from) || !isIstDay(q.to)) return;
    const days = daysInclusive(q.from, q.to);
    if (days < 1) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `must not be before from (${q.from})` });
    } else if (days > MAX_WINDOW_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `window is ${days} days; at most ${MAX_WINDOW_DAYS} days are allowed`,
      });
    }
  });
export type KpiQuery = z.infer<typeof kpiQuerySchema>;
/** What callers may pass (compare and segment have defaults). */
export type KpiQueryInput = z.input<typeof kpiQuerySchema>;

/**
 * A figure for the window and the comparison window. Money is integer paise, rates are fractions
 * (0.034 = 3.4 %); null where the figure is undefined (a rate over zero sessions, CAC without new
 * customers, ROAS without spend). delta = current − comparison; deltaRatio = delta / comparison.
 */
export const figureSchema = z.object({
  current: z.number().nullable(),
  comparison: z.number().nullable(),
  delta: z.number().nullable(),
  deltaRatio: z.number().nullable(),
});
export type Figure = z.infer<typeof figureSchema>;

const windowSchema = z.object({ from: z.string(), to: z.string(), days: z.number().int() });

const seriesPointSchema = z.object({
  day: z.string(),
  revenue: z.number().int(),
  orders: z.number().int(),
  sessions: z.number().int(),
  conversionRate: z.number().nullable(),
});

export const channelRowSchema = z.object({
  channel: z.enum(CHANNELS),
  sessions: figureSchema,
  orders: figureSchema,
  revenue: figureSchema,
  netRevenue: figureSchema,
  conversionRate: figureSchema,
  spend: figureSchema,
  newCustomers: figureSchema,
  cac: figureSchema,
  roas: figureSchema,
});

export const kpiResponseSchema = z.object({
  window: windowSchema,
  comparison: windowSchema.extend({ compare: z.enum(COMPARES) }),
  filters: z.object({ channel: z.enum(CHANNELS).nullable(), segment: z.enum(SEGMENTS) }),
  figures: z.object({
    /** Gross: totals of counted orders placed in the window. */
    revenue: figureSchema,
    /** revenue − refunds − returns booked in the window. */
    netRevenue: figureSchema,
    refunds: figureSchema,
    returns: figureSchema,
    orders: figureSchema,
    sessions: figureSchema,
    conversionRate: figureSchema,
    aov: figureSchema,
    repeatRate: figureSchema,
    repeatOrders: figureSchema,
    newCustomers: figureSchema,
    spend: figureSchema,
    cac: figureSchema,
    roas: figureSchema,
    carts: z.object({
      abandoned: figureSchema,
      recovered: figureSchema,
      recoveryRate: figureSchema,
      recoveredRevenue: figureSchema,
    }),
  }),
  ltv: z.object({
    segments: z.array(z.object({ segment: z.enum(SEGMENTS), customers: figureSchema, ltv: figureSchema })),
    cohort12m: z.object({
      segment: z.enum(SEGMENTS),
      current: z.object({ firstFrom: z.string(), firstTo: z.string() }),
      comparison: z.object({ firstFrom: z.string(), firstTo: z.string() }),
      customers: figureSchema,
      ltv: figureSchema,
    }),
  }),
  series: z.object({ current: z.array(seriesPointSchema), comparison: z.array(seriesPointSchema) }),
  channels: z.array(channelRowSchema),
});
export type KpiResponse = z.infer<typeof kpiResponseSchema>;
export type ChannelRow = z.infer<typeof channelRowSchema>;
