import styles from "./dashboard.module.css";
import { PRESET_LABELS, PRESETS, viewSearch, type DashboardView, type PeriodContext } from "./period";

/**
 * Period presets as plain links and a GET form for custom dates and the comparison: the report and
 * journey pages are server-rendered and work without JavaScript.
 */
export function PeriodLinks({
  view,
  ctx,
  withCompare = true,
}: {
  view: DashboardView;
  ctx: PeriodContext;
  withCompare?: boolean;
}) {
  return (
    <div className={styles.controls}>
      <div className={styles.group}>
        Period
        <nav className={styles.segmented} aria-label="Period">
          {PRESETS.filter((p) => p !== "custom").map((p) => (
            <a
              key={p}
              href={`?${viewSearch({ ...view, preset: p })}`}
              aria-current={view.preset === p}
              title={
                p === "festive" ? `${ctx.festive.label}: ${ctx.festive.from} to ${ctx.festive.to}` : undefined
              }
            >
              {PRESET_LABELS[p]}
            </a>
          ))}
        </nav>
      </div>
      <form method="get" className={styles.group}>
        Custom (IST days){withCompare ? " and comparison" : ""}
        <span style={{ display: "flex", gap: 6, alignItems: "center", flexWrap: "wrap" }}>
          <input type="hidden" name="preset" value="custom" />
          <input type="date" name="from" aria-label="From" defaultValue={view.from} required />
          <span>to</span>
          <input type="date" name="to" aria-label="To" defaultValue={view.to} required />
          {withCompare && (
            <select name="compare" aria-label="Compare with" defaultValue={view.compare}>
              <option value="previous">vs previous period</option>
              <option value="last_year">vs last year</option>
            </select>
          )}
          <span className={styles.segmented}>
            <button type="submit">Show</button>
          </span>
        </span>
      </form>
      {withCompare && (
        <div className={styles.group}>
          Compare with
          <nav className={styles.segmented} aria-label="Compare with">
            {(["previous", "last_year"] as const).map((c) => (
              <a key={c} href={`?${viewSearch({ ...view, compare: c })}`} aria-current={view.compare === c}>
                {c === "previous" ? "Previous period" : "Last year"}
              </a>
            ))}
          </nav>
        </div>
      )}
    </div>
  );
}
