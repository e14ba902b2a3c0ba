/** The most instants (ms) that any window of `windowMs`, wherever it starts, holds. */
export function peakInWindow(instants: readonly number[], windowMs: number): number {
  const times = [...instants].sort((a, b) => a - b);
  let peak = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}
