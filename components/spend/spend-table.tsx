import { formatInr } from "@/lib/money";
import styles from "./spend.module.css";

export interface SpendTableRow {
  day: string;
  channel: string;
  spendPaise: number;
  source: string;
  note: string | null;
}

/** Every spend cell in the window, newest day first. */
export function SpendTable({ rows }: { rows: SpendTableRow[] }) {
  if (rows.length === 0) return <p className={styles.empty}>No spend recorded in this window.</p>;
  return (
    <table className={styles.table} aria-label="Spend by day and channel">
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Channel</th>
          <th scope="col" className={styles.num}>
            Spend
          </th>
          <th scope="col">Source</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {[...rows]
          .sort((a, b) => (a.day === b.day ? a.channel.localeCompare(b.channel) : b.day.localeCompare(a.day)))
          .map((r) => (
            <tr key={`${r.day}|${r.channel}`}>
              <td>{r.day}</td>
              <td>{r.channel}</td>
              <td className={styles.num}>{formatInr(r.spendPaise)}</td>
              <td>{r.source}</td>
              <td>{r.note ?? ""}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
