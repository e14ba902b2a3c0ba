/*
 * The contact-pressure budget as arithmetic on instants, so it can be tested alone: at most
 * `max` marketing messages to one phone in any rolling window of `windowMs`. A message counts in
 * the windows [t, t + windowMs) after its instant t (its send time, or its scheduled time while it
 * waits), so it stops counting at exactly t + windowMs.
 */

export interface PressureBudget {
  max: number;
  windowMs: number;
}

export const pressureBudget = (settings: {
  pressureMaxMarketing: number;
  pressureDays: number;
}): PressureBudget => ({
  max: settings.pressureMaxMarketing,
  windowMs: settings.pressureDays * 24 * 60 * 60 * 1000,
});

/**
 * Whether one more message at `at` keeps every rolling window that contains it within budget.
 * `counted` are the instants (ms) of the phone's messages that count, in any order.
 */
export function fitsBudget(counted: readonly number[], at: number, budget: PressureBudget): boolean {
  if (budget.max <= 0) return false;
  const near = counted.filter((t) => Math.abs(t - at) < budget.windowMs).sort((a, b) => a - b);
  if (near.length < budget.max) return true;
  // The windows containing `at` start in (at - windowMs, at]. Sliding a start rightwards only
  // gains messages until it passes one, so the fullest windows start on a message or at `at`.
  const starts = [at, ...near.filter((t) => t <= at && t > at - budget.windowMs)];
  for (const s of starts) {
    const inWindow = near.filter((t) => t >= s && t < s + budget.windowMs).length;
    if (inWindow + 1 > budget.max) return false;
  }
  return true;
}

/**
 * The earliest instant at or after `at` when one more message fits the budget: `at` itself, or
 * the moment some counted message leaves the window. Null when the budget allows nothing (max 0).
 */
export function earliestWithinBudget(
  counted: readonly number[],
  at: number,
  budget: PressureBudget,
): number | null {
  if (budget.max <= 0) return null;
  if (fitsBudget(counted, at, budget)) return at;
  const candidates = [...new Set(counted.map((t) => t + budget.windowMs).filter((t) => t > at))].sort(
    (a, b) => a - b,
  );
  for (const c of candidates) if (fitsBudget(counted, c, budget)) return c;
  // Unreachable with max ≥ 1 (after the last message leaves, the window is empty), kept for safety.
  return null;
}
