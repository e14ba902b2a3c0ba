import type { SandboxRequestRow } from "@/lib/whatsapp/cockpit/sandbox-log";
import page from "@/components/ui/cockpit-page.module.css";
import styles from "./whatsapp.module.css";
import { istDateTime } from "./format";

const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v, null, 1));

/** What would have gone to Meta, exactly as it would have been sent, and what the sandbox answered. */
export function SandboxLogTable({ items }: { items: SandboxRequestRow[] }) {
  if (items.length === 0) return <p className={page.empty}>The sandbox has not received a request yet.</p>;
  return (
    <table className={page.table} data-testid="sandbox-log">
      <thead>
        <tr>
          <th>When</th>
          <th>Request</th>
          <th>Body</th>
          <th>Answer</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id} data-testid="sandbox-row" data-path={r.path} data-status={r.status}>
            <td>{istDateTime(r.at)}</td>
            <td>
              <strong>{r.method}</strong> {r.path}
            </td>
            <td>
              <pre className={styles.pre}>{json(r.body)}</pre>
            </td>
            <td>
              <span className={`${styles.badge} ${r.status < 300 ? styles.good : styles.bad}`}>
                {r.status}
              </span>
              <pre className={styles.pre}>{json(r.response)}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
