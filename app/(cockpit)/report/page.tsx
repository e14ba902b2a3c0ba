import type { Metadata } from "next";
import { appDb } from "@/db";
import styles from "@/components/dashboard/dashboard.module.css";
import { Metric } from "@/components/dashboard/metric";
import { kpiSearch, PRESET_LABELS, readView } from "@/components/dashboard/period";
import { periodContext } from "@/components/dashboard/period-context";
import { PeriodLinks } from "@/components/dashboard/period-links";
import { requireOwner } from "@/lib/auth";
import { getKpis } from "@/lib/kpi";
import { formatInr } from "@/lib/money";

export const metadata: Metadata = { title: "Festive report" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The 5-number report (seed: the festive question): five figures, any window, with comparison and CSV. */
export default async function ReportPage({ searchParams }: { searchParams: SearchParams }) {
  await requireOwner();
  const { db } = await appDb();
  const ctx = await periodContext(db, new Date());
  const params = await searchParams;
  // The report opens on the festive season: it is the question it answers.
  const view = readView(params.preset || params.from ? params : { ...params, preset: "festive" }, ctx);
  const k = await getKpis(db, { from: view.from, to: view.to, compare: view.compare, segment: "all" });
  const f = k.figures;
  const csv = `/api/v1/kpis/report.csv?${kpiSearch({ ...view, channel: null, segment: "all" })}`;
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <div>
          <h1>5-number report</h1>
          <p className={styles.sub}>
            {view.preset === "festive" ? ctx.festive.label : PRESET_LABELS[view.preset]}: {k.window.from} to{" "}
            {k.window.to} ({k.window.days} days) vs{" "}
            {k.comparison.compare === "last_year" ? "last year" : "the previous period"} {k.comparison.from}{" "}
            to {k.comparison.to}
          </p>
        </div>
        <a href={csv} download data-testid="report-csv">
          Download CSV
        </a>
      </header>
      <PeriodLinks view={view} ctx={ctx} />
      <section className={styles.card} data-testid="report">
        <Metric id="revenue" label="Revenue (gross)" figure={f.revenue} kind="money" main />
        <Metric
          id="conversion-rate"
          label="Conversion rate (orders ÷ sessions)"
          figure={f.conversionRate}
          kind="rate"
          main
        />
        <Metric id="aov" label="Average order value" figure={f.aov} kind="money" main />
        <Metric
          id="repeat-rate"
          label="Repeat rate (repeat ÷ all orders)"
          figure={f.repeatRate}
          kind="rate"
          main
        />
        <Metric
          id="cart-recovery-rate"
          label="Cart recovery (recovered ÷ abandoned)"
          figure={f.carts.recoveryRate}
          kind="rate"
          main
        />
        <p className={styles.sub}>
          Net revenue {formatInr(f.netRevenue.current ?? 0, { decimals: false })} after refunds and returns;{" "}
          {f.carts.recovered.current ?? 0} of {f.carts.abandoned.current ?? 0} abandoned carts recovered.
          Definitions: lib/kpi/DEFINITIONS.md.
        </p>
      </section>
    </div>
  );
}
