import { formatInr } from "@/lib/money";
import type { MessageLogRow } from "@/lib/whatsapp/cockpit/message-log";
import page from "@/components/ui/cockpit-page.module.css";
import { maskPhone } from "./consent-panel";
import { flowLabel, istDateTime } from "./format";
import { StatusBadge } from "./status-badge";

/** Every send decision with its status, why it was skipped or failed, and what it cost or earned. */
export function MessageLogTable({ items }: { items: MessageLogRow[] }) {
  if (items.length === 0) return <p className={page.empty}>No messages match.</p>;
  return (
    <table className={page.table} data-testid="message-log">
      <thead>
        <tr>
          <th>Decided</th>
          <th>To</th>
          <th>Flow</th>
          <th>Template</th>
          <th>Status</th>
          <th>Progress</th>
          <th className={page.num}>Cost</th>
          <th className={page.num}>Converted</th>
        </tr>
      </thead>
      <tbody>
        {items.map((m) => (
          <tr key={m.id} data-testid="message-row" data-status={m.status}>
            <td>{istDateTime(m.createdAt)}</td>
            <td>{maskPhone(m.phone)}</td>
            <td>
              {flowLabel(m.flow)}
              {m.broadcastId ? <div className={page.rule}>broadcast #{m.broadcastId}</div> : null}
            </td>
            <td>
              {m.templateName ?? "—"}
              <div className={page.rule}>{m.category}</div>
            </td>
            <td>
              <StatusBadge status={m.status} />
              {(m.reason || m.errorCode) && (
                <div className={page.rule}>
                  {m.reason}
                  {m.errorCode && !m.reason?.includes(String(m.errorCode)) ? ` (${m.errorCode})` : ""}
                </div>
              )}
            </td>
            <td className={page.rule}>
              {[
                m.sentAt && `sent ${istDateTime(m.sentAt).slice(11, 16)}`,
                m.deliveredAt && `delivered ${istDateTime(m.deliveredAt).slice(11, 16)}`,
                m.readAt && `read ${istDateTime(m.readAt).slice(11, 16)}`,
              ]
                .filter(Boolean)
                .join(" · ")}
            </td>
            {/* Meta bills on delivery: an undelivered message cost nothing. */}
            <td className={page.num}>{m.deliveredAt ? formatInr(m.costPaise) : "—"}</td>
            <td className={page.num}>
              {m.convertedPaise === null ? "" : formatInr(m.convertedPaise, { decimals: false })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
