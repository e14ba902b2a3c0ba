"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatInr, formatInrCompact } from "@/lib/money";
import styles from "./spend.module.css";

const COLOURS: Record<string, string> = {
  whatsapp: "#3f7d4e",
  instagram: "#b03a2e",
  youtube: "#d99a1e",
  seo: "#2c3e73",
  influencer: "#8a4f9e",
  paid: "#1f7a8c",
  email: "#6b615a",
  other: "#a89f94",
};

export interface SpendChartDay {
  day: string;
  /** Paise per channel on that day. */
  [channel: string]: number | string;
}

/** Spend per day, stacked by channel. */
export function SpendChart({ days, channels }: { days: SpendChartDay[]; channels: string[] }) {
  return (
    <div className={styles.chart}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
          <YAxis tickFormatter={(p: number) => formatInrCompact(p)} fontSize={12} width={64} />
          <Tooltip formatter={(value) => formatInr(Number(value))} />
          <Legend />
          {channels.map((c) => (
            <Bar key={c} dataKey={c} stackId="spend" fill={COLOURS[c] ?? "#a89f94"} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
