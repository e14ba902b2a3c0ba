import { formatInr, formatInrCompact } from "@/lib/money";

/** How a figure is written: money in paise, a rate as a fraction, a plain count or a multiple. */
export type FigureKind = "money" | "rate" | "count" | "multiple";

export function formatValue(value: number | null, kind: FigureKind, compact = false): string {
  if (value === null) return "—";
  switch (kind) {
    case "money":
      return compact ? formatInrCompact(value) : formatInr(value, { decimals: false });
    case "rate":
      return `${(value * 100).toFixed(1)}%`;
    case "count":
      return Math.round(value).toLocaleString("en-IN");
    case "multiple":
      return `${value.toFixed(2)}×`;
  }
}

/** The change against the comparison: percent for money and counts, points for rates. */
export function formatDelta(delta: number | null, ratio: number | null, kind: FigureKind): string {
  if (delta === null) return "no comparison";
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  if (kind === "rate") return `${sign}${Math.abs(delta * 100).toFixed(1)} pts`;
  if (kind === "multiple") return `${sign}${Math.abs(delta).toFixed(2)}×`;
  if (ratio === null) return `${sign}${formatValue(Math.abs(delta), kind, true)}`;
  return `${sign}${Math.abs(ratio * 100).toFixed(1)}%`;
}
