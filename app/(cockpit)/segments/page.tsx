import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { formatInr } from "@/lib/money";
import { segmentOverview } from "@/lib/segments";
import { systemClock } from "@/lib/time";
import { SegmentMembers } from "@/components/segments/segment-members";
import { SegmentSparkline, SegmentTrendChart } from "@/components/segments/segment-trend";
import styles from "@/components/ui/cockpit-page.module.css";

export const metadata: Metadata = { title: "Segments" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export default async function SegmentsPage({ searchParams }: { searchParams: SearchParams }) {
  await requireOwner();
  const params = await searchParams;
  const { db } = await appDb();
  const all = await segmentOverview(db, systemClock, 90);
  // Festival segments with nobody in them are calendar entries, not segments yet.
  const segments = all.filter((s) => s.kind === "base" || s.size > 0);
  const selected = segments.find((s) => s.key === params.segment) ?? null;

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>Segments</h1>
        <p>
          Who your customers are, by rule. A customer can be in several segments. Membership is recomputed
          when an order arrives and in full every night; each segment is also a Medusa customer group named
          &ldquo;Kosha: …&rdquo;. Money is lifetime net revenue (counted orders, less refunds).
        </p>
      </header>

      <section className={styles.card} aria-labelledby="all">
        <h2 id="all">All segments</h2>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Segment and rule</th>
              <th className={styles.num}>Size</th>
              <th className={styles.num}>Revenue share</th>
              <th className={styles.num}>AOV</th>
              <th className={styles.num}>Repeat rate</th>
              <th className={styles.num}>LTV</th>
              <th>90 days</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr key={s.key} className={selected?.key === s.key ? styles.selected : undefined}>
                <td>
                  <a href={`?segment=${encodeURIComponent(s.key)}`}>
                    <strong>{s.label}</strong>
                  </a>
                  <div className={styles.rule}>{s.rule}</div>
                </td>
                <td className={styles.num}>{s.size.toLocaleString("en-IN")}</td>
                <td className={styles.num}>{pct(s.revenueShare)}</td>
                <td className={styles.num}>{formatInr(s.aovPaise)}</td>
                <td className={styles.num}>{pct(s.repeatRate)}</td>
                <td className={styles.num}>{formatInr(s.ltvPaise)}</td>
                <td>
                  <SegmentSparkline trend={s.trend} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {selected && (
        <>
          <section className={styles.card} aria-labelledby="trend">
            <h2 id="trend">{selected.label}: size over 90 days</h2>
            <p className={styles.rule}>{selected.rule}</p>
            <SegmentTrendChart trend={selected.trend} />
          </section>
          <SegmentMembers segmentKey={selected.key} label={selected.label} />
        </>
      )}
    </div>
  );
}
