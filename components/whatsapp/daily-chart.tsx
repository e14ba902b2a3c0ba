"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatInr, formatInrCompact } from "@/lib/money";
import type { FlowDayFiguresRow } from "@/lib/whatsapp/figures";
import page from "@/components/ui/cockpit-page.module.css";
import { flowLabel } from "./format";
import { FLOW_COLOURS } from "./flow-funnel-chart";

/** Messages sent per IST day, stacked by flow, with the day's cost as a line on its own axis. */
export function DailyChart({ rows, days }: { rows: FlowDayFiguresRow[]; days: string[] }) {
  const flows = [...new Set(rows.map((r) => r.flow))];
  const byDay = new Map(days.map((d) => [d, { day: d, cost: 0 } as Record<string, number | string>]));
  for (const r of rows) {
    const d = byDay.get(r.day);
    if (!d) continue;
    d[r.flow] = r.sent;
    d.cost = Number(d.cost) + r.costPaise;
  }
  return (
    <div className={page.chart} data-testid="daily-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={[...byDay.values()]} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
          <YAxis yAxisId="n" allowDecimals={false} fontSize={12} width={48} />
          <YAxis
            yAxisId="cost"
            orientation="right"
            fontSize={12}
            width={60}
            tickFormatter={(v: number) => formatInrCompact(v)}
          />
          <Tooltip
            formatter={(value, name) =>
              name === "cost"
                ? [formatInr(Number(value)), "Cost"]
                : [Number(value).toLocaleString("en-IN"), flowLabel(String(name))]
            }
          />
          <Legend formatter={(name) => (name === "cost" ? "Cost" : flowLabel(String(name)))} />
          {flows.map((f) => (
            <Bar
              key={f}
              yAxisId="n"
              dataKey={f}
              stackId="sent"
              fill={FLOW_COLOURS[f] ?? "#6b615a"}
              isAnimationActive={false}
            />
          ))}
          <Line
            yAxisId="cost"
            dataKey="cost"
            stroke="#1f1a17"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
