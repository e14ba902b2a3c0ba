import { formatInr } from "@/lib/money";
import type { BroadcastRow } from "@/lib/whatsapp/cockpit/broadcasts";
import page from "@/components/ui/cockpit-page.module.css";
import { count, istDateTime } from "./format";
import { StatusBadge } from "./status-badge";

/** Past and running broadcasts: to whom, with what, and how far the send got. */
export function BroadcastTable({ items }: { items: BroadcastRow[] }) {
  if (items.length === 0) return <p className={page.empty}>No broadcast yet.</p>;
  return (
    <table className={page.table} data-testid="broadcasts">
      <thead>
        <tr>
          <th>Broadcast</th>
          <th>Segment</th>
          <th>Template</th>
          <th>Status</th>
          <th className={page.num}>Recipients</th>
          <th className={page.num}>Sent</th>
          <th className={page.num}>Failed</th>
          <th className={page.num}>Skipped</th>
          <th className={page.num}>Estimated cost</th>
        </tr>
      </thead>
      <tbody>
        {items.map((b) => (
          <tr key={b.id} data-testid={`broadcast-${b.id}`}>
            <td>
              <a href={`/whatsapp/messages?broadcastId=${b.id}`}>
                <strong>{b.name}</strong>
              </a>
              <div className={page.rule}>
                #{b.id} · {istDateTime(b.startedAt ?? b.createdAt)}
              </div>
              {b.guardNotes.length > 0 && <div className={page.rule}>{b.guardNotes.join("; ")}</div>}
            </td>
            <td>{b.segmentKey}</td>
            <td>{b.templateName}</td>
            <td>
              <StatusBadge status={b.status} />
            </td>
            <td className={page.num}>{count(b.recipients)}</td>
            <td className={page.num}>{count(b.sent)}</td>
            <td className={page.num}>{count(b.failed)}</td>
            <td className={page.num}>{count(b.skipped)}</td>
            <td className={page.num}>{formatInr(b.estimatedCostPaise)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
