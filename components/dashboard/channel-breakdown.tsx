"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChannelRow } from "@/lib/kpi/schema";
import { formatInr, formatInrCompact } from "@/lib/money";
import styles from "./dashboard.module.css";
import { formatValue } from "./format";
import { CHANNEL_LABELS } from "./labels";
import { DeltaBadge } from "./metric";

/** Revenue by channel (this period vs comparison) as bars, then every channel figure as a table. */
export function ChannelBreakdown({ channels }: { channels: ChannelRow[] }) {
  const rows = [...channels].sort((a, b) => (b.revenue.current ?? 0) - (a.revenue.current ?? 0));
  const data = rows.map((r) => ({
    channel: CHANNEL_LABELS[r.channel] ?? r.channel,
    current: r.revenue.current ?? 0,
    comparison: r.revenue.comparison ?? 0,
  }));
  return (
    <>
      <div className={styles.chart}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e8e0d4" />
            <XAxis dataKey="channel" fontSize={11} interval={0} />
            <YAxis tickFormatter={(v: number) => formatInrCompact(v)} fontSize={11} width={64} />
            <Tooltip formatter={(v) => formatInr(Number(v), { decimals: false })} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="current" name="This period" fill="#2c3e73" isAnimationActive={false} />
            <Bar dataKey="comparison" name="Comparison" fill="#d99a1e" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className={styles.table} data-testid="channel-table">
        <thead>
          <tr>
            <th>Channel</th>
            <th className={styles.num}>Sessions</th>
            <th className={styles.num}>Orders</th>
            <th className={styles.num}>Conversion</th>
            <th className={styles.num}>Revenue</th>
            <th className={styles.num}>Net revenue</th>
            <th className={styles.num}>Spend</th>
            <th className={styles.num}>CAC</th>
            <th className={styles.num}>ROAS</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.channel} data-testid={`channel-${r.channel}`} data-revenue={r.revenue.current ?? ""}>
              <td>{CHANNEL_LABELS[r.channel] ?? r.channel}</td>
              <td className={styles.num}>{formatValue(r.sessions.current, "count")}</td>
              <td className={styles.num}>{formatValue(r.orders.current, "count")}</td>
              <td className={styles.num}>{formatValue(r.conversionRate.current, "rate")}</td>
              <td className={styles.num}>
                {formatValue(r.revenue.current, "money")} <DeltaBadge figure={r.revenue} kind="money" />
              </td>
              <td className={styles.num}>{formatValue(r.netRevenue.current, "money")}</td>
              <td className={styles.num}>{formatValue(r.spend.current, "money")}</td>
              <td className={styles.num}>{formatValue(r.cac.current, "money")}</td>
              <td className={styles.num}>{formatValue(r.roas.current, "multiple")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
