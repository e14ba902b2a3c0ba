"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { KpiResponse } from "@/lib/kpi/schema";
import { ChannelBreakdown } from "./channel-breakdown";
import { Controls } from "./controls";
import styles from "./dashboard.module.css";
import { formatValue } from "./format";
import { SEGMENT_LABELS } from "./labels";
import { DeltaBadge, Metric } from "./metric";
import { kpiSearch, PRESET_LABELS, viewSearch, type DashboardView, type PeriodContext } from "./period";
import { RevenueTrend } from "./revenue-trend";

async function fetchKpis(view: DashboardView): Promise<KpiResponse> {
  const res = await fetch(`/api/v1/kpis?${kpiSearch(view)}`, { headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The KPI request failed (${res.status}).`);
  }
  return (await res.json()) as KpiResponse;
}

const keyOf = (v: DashboardView) => ["kpis", v.from, v.to, v.compare, v.channel ?? "", v.segment] as const;

/**
 * The revenue-first dashboard. The server renders the first view (initialData); later changes of
 * period, comparison or filters update the URL in place and fetch /api/v1/kpis through react-query.
 */
export function Dashboard({
  initialView,
  initialData,
  ctx,
  freshness,
}: {
  initialView: DashboardView;
  initialData: KpiResponse;
  ctx: PeriodContext;
  freshness: React.ReactNode;
}) {
  const [view, setView] = useState(initialView);
  const initialKey = JSON.stringify(keyOf(initialView));
  const q = useQuery({
    queryKey: keyOf(view),
    queryFn: () => fetchKpis(view),
    initialData: JSON.stringify(keyOf(view)) === initialKey ? initialData : undefined,
    placeholderData: keepPreviousData,
  });

  const change = (v: DashboardView) => {
    setView(v);
    // Linkable: the URL always says what is on screen (Next keeps useSearchParams in step with this).
    window.history.replaceState(null, "", `?${viewSearch(v)}`);
  };

  const data = q.data;
  const busy = q.isFetching || q.isPlaceholderData;
  const shown =
    data && !q.isPlaceholderData ? `${data.window.from}|${data.window.to}|${data.comparison.compare}` : "";

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <div>
          <h1>Dashboard</h1>
          <p className={styles.sub}>
            {PRESET_LABELS[view.preset]}: {view.from} to {view.to}
            {data ? ` vs ${data.comparison.from} to ${data.comparison.to}` : ""} ·{" "}
            {view.channel ? `channel ${view.channel}` : "all channels"} · {SEGMENT_LABELS[view.segment]}
          </p>
        </div>
        {freshness}
      </header>
      <Controls view={view} ctx={ctx} onChange={change} />
      <div className={styles.status} role="status" aria-live="polite">
        {busy ? "Updating…" : q.isError ? `Could not load figures: ${q.error.message}` : ""}
      </div>
      {!data ? (
        <div className={styles.empty}>Loading figures…</div>
      ) : (
        <div
          className={busy ? styles.busy : undefined}
          aria-busy={busy}
          data-testid="kpi-view"
          data-shown={shown}
          data-from={data.window.from}
          data-to={data.window.to}
          data-compare={data.comparison.compare}
          style={{ display: "grid", gap: 20 }}
        >
          <DashboardBody data={data} />
        </div>
      )}
    </div>
  );
}

function DashboardBody({ data }: { data: KpiResponse }) {
  const f = data.figures;
  const empty = (f.orders.current ?? 0) === 0 && (f.sessions.current ?? 0) === 0;
  return (
    <>
      <section className={styles.hero} aria-labelledby="revenue">
        <div className={styles.heroSide}>
          <div className={styles.heroLabel} id="revenue">
            Revenue (gross)
          </div>
          <div
            className={styles.heroValue}
            data-testid="kpi-revenue"
            data-value={f.revenue.current ?? ""}
            data-comparison={f.revenue.comparison ?? ""}
          >
            {formatValue(f.revenue.current, "money")}
          </div>
          <div>
            <DeltaBadge figure={f.revenue} kind="money" />{" "}
            <span className={styles.was}>vs {formatValue(f.revenue.comparison, "money")}</span>
          </div>
          <div className={styles.net}>
            Net revenue{" "}
            <strong data-testid="kpi-net-revenue" data-value={f.netRevenue.current ?? ""}>
              {formatValue(f.netRevenue.current, "money")}
            </strong>{" "}
            <DeltaBadge figure={f.netRevenue} kind="money" />
            <div className={styles.was}>
              after {formatValue(f.refunds.current, "money")} refunds and{" "}
              {formatValue(f.returns.current, "money")} returns
            </div>
          </div>
          <Metric id="orders" label="Orders" figure={f.orders} kind="count" />
        </div>
        <RevenueTrend series={data.series} />
      </section>

      {empty && (
        <div className={styles.empty} data-testid="empty-state">
          No orders or visits in this window. Pick a longer period, or check that the store is syncing.
        </div>
      )}

      <h2 className={styles.sectionTitle}>What drives revenue</h2>
      <div className={styles.cards}>
        <section className={styles.card}>
          <h3>Traffic</h3>
          <Metric id="sessions" label="Sessions" figure={f.sessions} kind="count" main />
        </section>
        <section className={styles.card}>
          <h3>Conversion rate</h3>
          <Metric id="conversion-rate" label="Orders ÷ sessions" figure={f.conversionRate} kind="rate" main />
        </section>
        <section className={styles.card}>
          <h3>Average order value</h3>
          <Metric id="aov" label="Revenue ÷ orders" figure={f.aov} kind="money" main />
        </section>
        <section className={styles.card}>
          <h3>Repeat rate</h3>
          <Metric id="repeat-rate" label="Repeat ÷ all orders" figure={f.repeatRate} kind="rate" main />
          <Metric id="repeat-orders" label="Repeat orders" figure={f.repeatOrders} kind="count" />
          <Metric id="new-customers" label="New customers" figure={f.newCustomers} kind="count" />
        </section>
        <section className={styles.card}>
          <h3>Cart recovery</h3>
          <Metric
            id="cart-recovery-rate"
            label="Recovery rate"
            figure={f.carts.recoveryRate}
            kind="rate"
            main
          />
          <Metric id="carts-abandoned" label="Abandoned carts" figure={f.carts.abandoned} kind="count" />
          <Metric id="carts-recovered" label="Recovered carts" figure={f.carts.recovered} kind="count" />
          <Metric
            id="cart-recovered-revenue"
            label="Recovered revenue"
            figure={f.carts.recoveredRevenue}
            kind="money"
          />
        </section>
        <section className={styles.card}>
          <h3>Channel ROI and CAC</h3>
          <Metric id="roas" label="ROAS (revenue ÷ spend)" figure={f.roas} kind="multiple" main />
          <Metric id="spend" label="Spend" figure={f.spend} kind="money" />
          <Metric id="cac" label="CAC (spend ÷ new customers)" figure={f.cac} kind="money" lowerIsBetter />
        </section>
        <section className={`${styles.card} ${styles.wide}`}>
          <h3>Lifetime value by segment</h3>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Segment</th>
                <th className={styles.num}>Customers</th>
                <th className={styles.num}>LTV (net)</th>
              </tr>
            </thead>
            <tbody>
              {data.ltv.segments.map((s) => (
                <tr key={s.segment}>
                  <td>{SEGMENT_LABELS[s.segment]}</td>
                  <td className={styles.num}>{formatValue(s.customers.current, "count")}</td>
                  <td
                    className={styles.num}
                    data-testid={`ltv-${s.segment}`}
                    data-value={s.ltv.current ?? ""}
                  >
                    {formatValue(s.ltv.current, "money")} <DeltaBadge figure={s.ltv} kind="money" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Metric
            id="ltv-12m"
            label={`12-month LTV, first bought ${data.ltv.cohort12m.current.firstFrom} – ${data.ltv.cohort12m.current.firstTo}`}
            figure={data.ltv.cohort12m.ltv}
            kind="money"
          />
        </section>
      </div>

      <section className={styles.card} aria-labelledby="by-channel">
        <h2 className={styles.sectionTitle} id="by-channel">
          Revenue and conversion by channel
        </h2>
        <ChannelBreakdown channels={data.channels} />
      </section>
    </>
  );
}
