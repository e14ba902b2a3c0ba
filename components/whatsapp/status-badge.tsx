import styles from "./whatsapp.module.css";
import { statusTone } from "./format";

/** A status as a coloured pill: green done, amber waiting, red refused or failed. */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  const tone = statusTone(status);
  return (
    <span className={`${styles.badge} ${tone ? styles[tone] : ""}`} data-testid={testId} data-status={status}>
      {status.toLowerCase()}
    </span>
  );
}
