import { paiseToRupeeString } from "@/lib/money";
import type { Figure, KpiResponse } from "./schema";

/*
 * The festive "5-number report" as CSV for a spreadsheet: revenue, conversion, AOV, repeat rate
 * and cart recovery, each for the window and its comparison. Money in rupees with two decimals
 * (exact, from paise), rates in percent with two decimals; empty where a figure is undefined.
 */

type Unit = "inr" | "percent" | "count";

function cell(value: number | null, unit: Unit): string {
  if (value === null) return "";
  if (unit === "inr") return paiseToRupeeString(Math.round(value));
  if (unit === "percent") return (value * 100).toFixed(2);
  return String(value);
}

export function festiveReportCsv(k: KpiResponse): string {
  const f = k.figures;
  const rows: [string, Unit, Figure][] = [
    ["Revenue", "inr", f.revenue],
    ["Net revenue", "inr", f.netRevenue],
    ["Orders", "count", f.orders],
    ["Conversion rate", "percent", f.conversionRate],
    ["AOV", "inr", f.aov],
    ["Repeat rate", "percent", f.repeatRate],
    ["Carts abandoned", "count", f.carts.abandoned],
    ["Carts recovered", "count", f.carts.recovered],
    ["Cart recovery rate", "percent", f.carts.recoveryRate],
    ["Recovered revenue", "inr", f.carts.recoveredRevenue],
  ];
  const header = [
    "metric",
    "unit",
    `current ${k.window.from}..${k.window.to}`,
    `${k.comparison.compare} ${k.comparison.from}..${k.comparison.to}`,
    "change",
    "change_percent",
  ];
  const lines = rows.map(([name, unit, fig]) => [
    name,
    unit === "inr" ? "INR" : unit,
    cell(fig.current, unit),
    cell(fig.comparison, unit),
    // A change in a rate is in percentage points, written in the metric's own unit.
    cell(fig.delta, unit),
    fig.deltaRatio === null ? "" : (fig.deltaRatio * 100).toFixed(2),
  ]);
  return [header, ...lines].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
