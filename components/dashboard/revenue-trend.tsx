"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { KpiResponse } from "@/lib/kpi/schema";
import { formatInr, formatInrCompact } from "@/lib/money";
import styles from "./dashboard.module.css";

/**
 * Daily revenue of the window against the comparison, lined up by day number (day 1 with day 1),
 * since the comparison's dates differ; the tooltip names both dates.
 */
export function RevenueTrend({ series }: { series: KpiResponse["series"] }) {
  const data = series.current.map((p, i) => {
    const c = series.comparison[i];
    return { day: p.day, current: p.revenue, comparisonDay: c?.day ?? null, comparison: c?.revenue ?? null };
  });
  return (
    <div className={styles.chart} data-testid="revenue-trend">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e8e0d4" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={11} minTickGap={16} />
          <YAxis tickFormatter={(v: number) => formatInrCompact(v)} fontSize={11} width={64} />
          <Tooltip
            formatter={(v, name, item) => {
              const payload = item.payload as (typeof data)[number];
              const when = name === "This period" ? payload.day : payload.comparisonDay;
              return [formatInr(Number(v), { decimals: false }), `${name} (${when ?? "—"})`];
            }}
            labelFormatter={() => ""}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="monotone"
            dataKey="current"
            name="This period"
            stroke="#2c3e73"
            strokeWidth={2.2}
            dot={data.length === 1}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="comparison"
            name="Comparison"
            stroke="#d99a1e"
            strokeWidth={1.6}
            strokeDasharray="5 4"
            dot={data.length === 1}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
