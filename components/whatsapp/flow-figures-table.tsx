import { formatInr } from "@/lib/money";
import type { FlowFigures, FlowFiguresRow } from "@/lib/whatsapp/figures";
import page from "@/components/ui/cockpit-page.module.css";
import { count, flowLabel, pct } from "./format";
import { FlowSwitch } from "./flow-switch";

export interface FlowSwitchState {
  key: string;
  flow: string;
  label: string;
  enabled: boolean;
}

const COLUMNS: {
  key: keyof FlowFigures;
  label: string;
  money?: boolean;
  /** Show paise: a message costs well under a rupee. */
  paise?: boolean;
  of?: keyof FlowFigures;
}[] = [
  { key: "sent", label: "Sent" },
  { key: "delivered", label: "Delivered", of: "sent" },
  { key: "read", label: "Read", of: "delivered" },
  { key: "clicked", label: "Clicked", of: "delivered" },
  { key: "converted", label: "Converted", of: "delivered" },
  { key: "revenuePaise", label: "Revenue", money: true },
  { key: "costPaise", label: "Cost", money: true, paise: true },
];

/**
 * One row per flow: its switch (for the flows that run by themselves) and what it did in the
 * window. Every figure carries its raw number in data-value so a test can compare it with the API.
 */
export function FlowFiguresTable({
  rows,
  switches,
}: {
  rows: FlowFiguresRow[];
  switches: FlowSwitchState[];
}) {
  const flows = [
    ...switches.map((s) => s.flow),
    ...rows.map((r) => r.flow).filter((f) => !switches.some((s) => s.flow === f)),
  ];
  return (
    <table className={page.table} data-testid="flow-figures">
      <thead>
        <tr>
          <th>Flow</th>
          <th>Switch</th>
          {COLUMNS.map((c) => (
            <th key={c.key} className={page.num}>
              {c.label}
            </th>
          ))}
          <th className={page.num}>Return on cost</th>
        </tr>
      </thead>
      <tbody>
        {flows.map((flow) => {
          const f = rows.find((r) => r.flow === flow);
          const sw = switches.find((s) => s.flow === flow);
          return (
            <tr key={flow} data-testid={`flow-row-${flow}`}>
              <td>
                <strong>{sw?.label ?? flowLabel(flow)}</strong>
              </td>
              <td>
                {sw ? (
                  <FlowSwitch flowKey={sw.key} label={sw.label} initial={sw.enabled} />
                ) : (
                  <span className={page.rule}>{flow === "broadcast" ? "per broadcast" : "always"}</span>
                )}
              </td>
              {COLUMNS.map((c) => {
                const v = f?.[c.key] ?? 0;
                return (
                  <td key={c.key} className={page.num} data-testid={`figure-${flow}-${c.key}`} data-value={v}>
                    {c.money ? formatInr(v, { decimals: c.paise ?? false }) : count(v)}
                    {c.of && f ? <div className={page.rule}>{pct(v, f[c.of])}</div> : null}
                  </td>
                );
              })}
              <td className={page.num}>
                {f && f.costPaise > 0 ? `${(f.revenuePaise / f.costPaise).toFixed(1)}×` : "—"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
