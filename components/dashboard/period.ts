import { CHANNELS, SEGMENTS, type Channel, type Segment } from "@/lib/kpi/channels";
import { COMPARES, type Compare, type DayWindow } from "@/lib/kpi/windows";
import { addDays, daysInclusive, isIstDay, type IstDay } from "@/lib/time";

/*
 * The dashboard's period, filters and comparison as URL search params, so every view is a link:
 * ?preset=7d|30d|today|month|festive|custom[&from&to]&compare=previous|last_year[&channel][&segment].
 * Pure, so the server page (first paint) and the client (later changes) read them the same way.
 */

export const PRESETS = ["today", "7d", "30d", "month", "festive", "custom"] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABELS: Record<Preset, string> = {
  today: "Today",
  "7d": "7 days",
  "30d": "30 days",
  month: "This month",
  festive: "Festive season",
  custom: "Custom",
};

export interface DashboardView {
  preset: Preset;
  from: IstDay;
  to: IstDay;
  compare: Compare;
  channel: Channel | null;
  segment: Segment;
}

/** What the presets resolve to: `today` in IST and the festive window chosen on the server. */
export interface PeriodContext {
  today: IstDay;
  festive: DayWindow & { label: string };
}

export function presetWindow(preset: Exclude<Preset, "custom">, ctx: PeriodContext): DayWindow {
  const t = ctx.today;
  switch (preset) {
    case "today":
      return { from: t, to: t };
    case "7d":
      return { from: addDays(t, -6), to: t };
    case "30d":
      return { from: addDays(t, -29), to: t };
    case "month":
      return { from: `${t.slice(0, 8)}01`, to: t };
    case "festive":
      return { from: ctx.festive.from, to: ctx.festive.to };
  }
}

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Search params → a valid view; anything unknown or malformed falls back to 30 days vs previous. */
export function readView(params: Params, ctx: PeriodContext): DashboardView {
  const compare = (COMPARES as readonly string[]).includes(one(params.compare) ?? "")
    ? (one(params.compare) as Compare)
    : "previous";
  const ch = one(params.channel);
  const channel = ch && (CHANNELS as readonly string[]).includes(ch) ? (ch as Channel) : null;
  const sg = one(params.segment);
  const segment = sg && (SEGMENTS as readonly string[]).includes(sg) ? (sg as Segment) : "all";
  const p = one(params.preset);
  const from = one(params.from) ?? "";
  const to = one(params.to) ?? "";
  const customOk =
    isIstDay(from) && isIstDay(to) && daysInclusive(from, to) >= 1 && daysInclusive(from, to) <= 731;
  // A link with from/to but no preset is a custom window.
  if ((p === "custom" || (!p && from)) && customOk) {
    return { preset: "custom", from, to, compare, channel, segment };
  }
  const preset: Exclude<Preset, "custom"> =
    p && p !== "custom" && (PRESETS as readonly string[]).includes(p)
      ? (p as Exclude<Preset, "custom">)
      : "30d";
  return { preset, ...presetWindow(preset, ctx), compare, channel, segment };
}

/** The view as search params for the page's URL (presets carry no dates, so a link stays "last 7 days"). */
export function viewSearch(v: DashboardView): URLSearchParams {
  const s = new URLSearchParams({ preset: v.preset });
  if (v.preset === "custom") {
    s.set("from", v.from);
    s.set("to", v.to);
  }
  s.set("compare", v.compare);
  if (v.channel) s.set("channel", v.channel);
  if (v.segment !== "all") s.set("segment", v.segment);
  return s;
}

/** The view as /api/v1/kpis (and report.csv) query parameters. */
export function kpiSearch(
  v: Pick<DashboardView, "from" | "to" | "compare" | "channel" | "segment">,
): URLSearchParams {
  const s = new URLSearchParams({ from: v.from, to: v.to, compare: v.compare, segment: v.segment });
  if (v.channel) s.set("channel", v.channel);
  return s;
}
