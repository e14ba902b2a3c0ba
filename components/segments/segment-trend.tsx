"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, CartesianGrid } from "recharts";
import styles from "@/components/ui/cockpit-page.module.css";

export interface TrendPoint {
  day: string;
  size: number;
}

/** A small size-over-time line for the segments table. */
export function SegmentSparkline({ trend }: { trend: TrendPoint[] }) {
  return (
    <div className={styles.spark} aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={trend}>
          <Line
            type="monotone"
            dataKey="size"
            stroke="#2c3e73"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Members at the end of each IST day. */
export function SegmentTrendChart({ trend }: { trend: TrendPoint[] }) {
  return (
    <div className={styles.chart}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={trend} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={56} />
          <Tooltip />
          <Line type="monotone" dataKey="size" name="Members" stroke="#2c3e73" strokeWidth={2} dot={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
