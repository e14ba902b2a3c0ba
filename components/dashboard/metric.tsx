import type { Figure } from "@/lib/kpi/schema";
import styles from "./dashboard.module.css";
import { formatDelta, formatValue, type FigureKind } from "./format";

/** Up is good unless `lowerIsBetter` (CAC): the colour says whether the change helps. */
export function DeltaBadge({
  figure,
  kind,
  lowerIsBetter = false,
}: {
  figure: Figure;
  kind: FigureKind;
  lowerIsBetter?: boolean;
}) {
  const d = figure.delta;
  const good = d === null || d === 0 ? null : lowerIsBetter ? d < 0 : d > 0;
  const cls = good === null ? styles.flat : good ? styles.up : styles.down;
  const arrow = d === null || d === 0 ? "" : d > 0 ? "▲ " : "▼ ";
  return (
    <span className={`${styles.delta} ${cls}`}>
      {arrow}
      {formatDelta(d, figure.deltaRatio, kind)}
    </span>
  );
}

/** One labelled figure with its raw value in data-value for tests and its change vs the comparison. */
export function Metric({
  id,
  label,
  figure,
  kind,
  main = false,
  lowerIsBetter,
}: {
  id: string;
  label: string;
  figure: Figure;
  kind: FigureKind;
  main?: boolean;
  lowerIsBetter?: boolean;
}) {
  return (
    <div className={`${styles.metric} ${main ? styles.metricMain : ""}`}>
      <span>{label}</span>
      <span style={{ textAlign: "right" }}>
        <span
          className={styles.value}
          data-testid={`kpi-${id}`}
          data-value={figure.current ?? ""}
          data-comparison={figure.comparison ?? ""}
        >
          {formatValue(figure.current, kind)}
        </span>
        <br />
        <DeltaBadge figure={figure} kind={kind} lowerIsBetter={lowerIsBetter} />{" "}
        <span className={styles.was}>was {formatValue(figure.comparison, kind)}</span>
      </span>
    </div>
  );
}
