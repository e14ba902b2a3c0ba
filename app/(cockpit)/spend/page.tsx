import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { formatInr } from "@/lib/money";
import { addDays, istDay, systemClock } from "@/lib/time";
import { listAdSpend, SPEND_CHANNELS, spendWindowSchema } from "@/lib/traffic";
import { ManualSpendForm } from "@/components/spend/manual-spend-form";
import { SpendChart, type SpendChartDay } from "@/components/spend/spend-chart";
import { SpendImportForm } from "@/components/spend/spend-import-form";
import { SpendTable } from "@/components/spend/spend-table";
import styles from "@/components/spend/spend.module.css";

export const metadata: Metadata = { title: "Ad spend" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SpendPage({ searchParams }: { searchParams: SearchParams }) {
  // The layout checks too, but layouts and pages render in parallel: never read data unchecked.
  await requireOwner();
  const params = await searchParams;
  const asked = {
    ...(typeof params.from === "string" ? { from: params.from } : {}),
    ...(typeof params.to === "string" ? { to: params.to } : {}),
  };
  const parsed = spendWindowSchema(systemClock).safeParse(asked);
  const window = parsed.success ? parsed.data : spendWindowSchema(systemClock).parse({});
  const { db } = await appDb();
  const spend = await listAdSpend(db, window);

  const channels = spend.totalsByChannel.map((t) => t.channel);
  const days: SpendChartDay[] = [];
  for (let d = spend.from; d <= spend.to; d = addDays(d, 1)) {
    days.push({ day: d, ...Object.fromEntries(channels.map((c) => [c, 0])) });
  }
  const byDay = new Map(days.map((d) => [d.day, d]));
  for (const r of spend.rows) byDay.get(r.day)![r.channel] = r.spendPaise;

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>Ad spend</h1>
        <p>
          What each channel cost per day (IST), for channel ROI and CAC on the dashboard. Import your ad
          platforms&apos; totals as a sheet or type a day in; a later entry for the same day and channel
          replaces the earlier one.
        </p>
      </header>

      <div className={styles.grid}>
        <section className={styles.card} aria-labelledby="import">
          <h2 id="import">Import a sheet</h2>
          <p className={styles.hint}>
            Columns <code>date</code> (YYYY-MM-DD), <code>channel</code>, <code>spend_inr</code> and an
            optional <code>note</code>. If any row has a problem, nothing is imported and every problem is
            listed.{" "}
            <a href="/api/v1/spend/template.csv" download>
              Download the template
            </a>
            .
          </p>
          <SpendImportForm />
        </section>
        <section className={styles.card} aria-labelledby="manual">
          <h2 id="manual">Add one day</h2>
          <ManualSpendForm channels={SPEND_CHANNELS} today={istDay(systemClock.now())} />
        </section>
      </div>

      <section className={styles.card} aria-labelledby="by-day">
        <h2 id="by-day">
          Spend by channel, {spend.from} to {spend.to}
        </h2>
        <form className={styles.window} method="get">
          <label className={styles.field}>
            <span>From</span>
            <input type="date" name="from" defaultValue={spend.from} />
          </label>
          <label className={styles.field}>
            <span>To</span>
            <input type="date" name="to" defaultValue={spend.to} />
          </label>
          <button className={styles.primary} type="submit">
            Show
          </button>
          <a href={`?from=${addDays(istDay(systemClock.now()), -89)}`}>Last 90 days</a>
        </form>
        {!parsed.success && (
          <p className={styles.error}>That window is not valid; showing the last 30 days.</p>
        )}
        <div className={styles.totals} aria-label="Totals by channel">
          <strong>Total {formatInr(spend.totalPaise)}</strong>
          {spend.totalsByChannel.map((t) => (
            <span key={t.channel}>
              {t.channel} {formatInr(t.spendPaise)}
            </span>
          ))}
        </div>
        {spend.rows.length > 0 && <SpendChart days={days} channels={channels} />}
        <SpendTable rows={spend.rows} />
      </section>
    </div>
  );
}
