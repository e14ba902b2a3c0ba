import styles from "./dashboard.module.css";

/** Data older than this gets a warning: a day without a single synced order means sync is broken. */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

const fmt = (d: Date) =>
  d.toLocaleString("en-IN", { timeZone: "Asia/Kolkata", dateStyle: "medium", timeStyle: "short" }) + " IST";

/** The last sync time, and a banner when it is older than a day (or there is no data at all). */
export function Freshness({ lastDataAt, now }: { lastDataAt: string | null; now: string }) {
  if (!lastDataAt) {
    return (
      <div className={styles.warn} role="alert" data-testid="stale-warning">
        <strong>No orders have been synced yet.</strong> Connect Medusa in Settings or load the demo store;
        every figure below is zero until data arrives.
      </div>
    );
  }
  const at = new Date(lastDataAt);
  const age = new Date(now).getTime() - at.getTime();
  if (age > STALE_AFTER_MS) {
    const hours = Math.floor(age / 3_600_000);
    return (
      <div className={styles.warn} role="alert" data-testid="stale-warning">
        <strong>Data may be stale:</strong> the last order was synced {fmt(at)} ({hours} hours ago). Check the
        Medusa connection; figures below stop at that point.
      </div>
    );
  }
  return (
    <span className={styles.fresh} data-testid="last-sync">
      Data as of {fmt(at)}
    </span>
  );
}
