import type { Period } from "../sql/periods";

/*
 * KPI queries group by `grouping sets ((period, channel), (period, day))` so one round trip
 * gives both the by-channel table and the daily series; this splits such rows and turns the
 * engines' numeric strings into numbers.
 */

export type Sums<K extends string> = Record<K, number>;

export interface Grouped<K extends string> {
  byChannel: Record<Period, Map<string, Sums<K>>>;
  byDay: Record<Period, Map<string, Sums<K>>>;
}

type Row = { period: Period; channel: string | null; day: string | null } & Record<string, unknown>;

export function splitGrouped<K extends string>(rows: Row[], fields: readonly K[]): Grouped<K> {
  const out: Grouped<K> = {
    byChannel: { current: new Map(), comparison: new Map() },
    byDay: { current: new Map(), comparison: new Map() },
  };
  for (const row of rows) {
    const sums = Object.fromEntries(fields.map((f) => [f, Number(row[f] ?? 0)])) as Sums<K>;
    if (row.channel !== null) out.byChannel[row.period].set(row.channel, sums);
    else if (row.day !== null) out.byDay[row.period].set(String(row.day).slice(0, 10), sums);
  }
  return out;
}

export function total<K extends string>(m: Map<string, Sums<K>>, field: K): number {
  let t = 0;
  for (const s of m.values()) t += s[field];
  return t;
}
