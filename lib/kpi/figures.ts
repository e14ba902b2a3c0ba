import type { Figure } from "./schema";

/** A figure for both windows with its change. */
export function figure(current: number | null, comparison: number | null): Figure {
  const delta = current !== null && comparison !== null ? current - comparison : null;
  const deltaRatio = delta !== null && comparison !== null && comparison !== 0 ? delta / comparison : null;
  return { current, comparison, delta, deltaRatio };
}

/** A rate as a fraction, undefined (null) over nothing. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Money per unit (AOV, CAC, LTV), rounded to whole paise. */
export function perUnit(paise: number, units: number): number | null {
  return units === 0 ? null : Math.round(paise / units);
}
