import styles from "@/components/dashboard/dashboard.module.css";

export interface StageNumber {
  label: string;
  value: string;
  /** The unformatted number, exposed as data-value for tests. */
  raw?: number;
  testId?: string;
  hint?: string;
}

/** One stage of the journey map: its measured numbers and the cockpit features that serve it. */
export function JourneyStage({
  id,
  title,
  numbers,
  features,
}: {
  id: string;
  title: string;
  numbers: StageNumber[];
  features: { label: string; href: string }[];
}) {
  return (
    <section className={styles.card} aria-labelledby={`stage-${id}`} data-testid={`stage-${id}`}>
      <h3 id={`stage-${id}`}>{title}</h3>
      {numbers.map((x) => (
        <div className={styles.metric} key={x.label} title={x.hint}>
          <span>{x.label}</span>
          <span className={styles.value} data-testid={x.testId} data-value={x.raw}>
            {x.value}
          </span>
        </div>
      ))}
      <div className={styles.was}>Serves this stage:</div>
      <ul style={{ margin: 0, paddingLeft: 18, fontSize: 13, lineHeight: 1.6 }}>
        {features.map((f) => (
          <li key={f.href + f.label}>
            <a href={f.href}>{f.label}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
