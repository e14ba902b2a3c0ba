import type { ConsentEventRow, ConsentSummary } from "@/lib/whatsapp/cockpit/subscribers";
import page from "@/components/ui/cockpit-page.module.css";
import styles from "./whatsapp.module.css";
import { count, istDateTime } from "./format";

const SOURCE_LABELS: Record<string, string> = {
  checkout: "checkout tick box",
  keyword: "messaged a keyword",
  qr: "scanned a QR code",
  import: "imported list",
  owner: "added by you",
};

/** Phones are shown with the middle hidden: enough to recognise one, not to copy the list. */
export const maskPhone = (p: string) => (p.length > 6 ? `+${p.slice(0, 4)}…${p.slice(-3)}` : p);

export function ConsentPanel({ summary, events }: { summary: ConsentSummary; events: ConsentEventRow[] }) {
  return (
    <>
      <div className={styles.preview}>
        <div className={styles.figure} data-testid="subscribers-opted-in" data-value={summary.optedIn}>
          <strong>{count(summary.optedIn)}</strong>
          <span>opted in (may get marketing)</span>
        </div>
        <div className={styles.figure} data-testid="subscribers-opted-out" data-value={summary.optedOut}>
          <strong>{count(summary.optedOut)}</strong>
          <span>opted out (nothing but replies)</span>
        </div>
        <div className={styles.figure}>
          <strong>{count(summary.unknown)}</strong>
          <span>known phones never opted in</span>
        </div>
        <div className={styles.figure}>
          <strong>{count(summary.windowOpen)}</strong>
          <span>opted in with the 24 h window open now</span>
        </div>
      </div>
      <p className={page.rule}>
        Opt-ins came from{" "}
        {summary.optInSources
          .map((s) => `${SOURCE_LABELS[s.source] ?? s.source} ${count(s.count)}`)
          .join(", ") || "nowhere yet"}
        .
      </p>
      <h3>Latest consent changes</h3>
      {events.length === 0 ? (
        <p className={page.empty}>No consent recorded yet.</p>
      ) : (
        <table className={page.table} data-testid="consent-events">
          <thead>
            <tr>
              <th>When</th>
              <th>Phone</th>
              <th>Change</th>
              <th>Source and evidence</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={i}>
                <td>{istDateTime(e.at)}</td>
                <td>
                  {maskPhone(e.phone)}
                  {e.name ? <div className={page.rule}>{e.name}</div> : null}
                </td>
                <td>{e.action === "opt_in" ? "opted in" : "opted out"}</td>
                <td>
                  {SOURCE_LABELS[e.source] ?? e.source}
                  {e.evidence ? <div className={page.rule}>{e.evidence}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
