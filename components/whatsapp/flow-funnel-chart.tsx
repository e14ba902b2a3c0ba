"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FlowFiguresRow } from "@/lib/whatsapp/figures";
import page from "@/components/ui/cockpit-page.module.css";
import { flowLabel } from "./format";

const STAGES = [
  { key: "sent", label: "Sent" },
  { key: "delivered", label: "Delivered" },
  { key: "read", label: "Read" },
  { key: "clicked", label: "Clicked" },
  { key: "converted", label: "Converted" },
] as const;

export const FLOW_COLOURS: Record<string, string> = {
  cart_recovery: "#b03a2e",
  order_update: "#2c3e73",
  broadcast: "#d99a1e",
  catalog: "#3f7d4e",
  reply: "#6b615a",
};

/**
 * Each flow's funnel as a share of what it sent, so a flow of 50 messages compares with one of
 * 5,000; the tooltip gives the counts.
 */
export function FlowFunnelChart({ rows }: { rows: FlowFiguresRow[] }) {
  const flows = rows.filter((r) => r.sent > 0);
  const data = STAGES.map((s) => ({
    stage: s.label,
    ...Object.fromEntries(flows.map((f) => [f.flow, (f[s.key] / f.sent) * 100])),
    ...Object.fromEntries(flows.map((f) => [`${f.flow}__n`, f[s.key]])),
  }));
  return (
    <div className={page.chart} data-testid="flow-funnel">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="stage" fontSize={12} />
          <YAxis unit="%" domain={[0, 100]} fontSize={12} width={48} />
          <Tooltip
            formatter={(value, name, item) => {
              const n = (item.payload as Record<string, number>)[`${String(name)}__n`] ?? 0;
              return [`${Number(value).toFixed(1)}% (${n.toLocaleString("en-IN")})`, flowLabel(String(name))];
            }}
          />
          <Legend formatter={(name) => flowLabel(String(name))} />
          {flows.map((f) => (
            <Bar
              key={f.flow}
              dataKey={f.flow}
              fill={FLOW_COLOURS[f.flow] ?? "#6b615a"}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
