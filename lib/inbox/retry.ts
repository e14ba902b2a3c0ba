/** After this many attempts an erroring event is marked failed and waits for a manual replay. */
export const MAX_ATTEMPTS = 8;

/** How long a worker may hold an event before others treat it as crashed and take it over. */
export const DEFAULT_LEASE_MS = 2 * 60 * 1000;

const BASE_DELAY_MS = 10_000;
const MAX_DELAY_MS = 15 * 60 * 1000;

/**
 * Exponential backoff after the given (1-based) failed attempt: 10 s, 20 s, 40 s ... capped at
 * 15 min, so eight attempts span about twenty minutes — long enough to ride out a Medusa restart.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1), MAX_DELAY_MS);
}

export interface RetryPolicy {
  maxAttempts?: number;
  leaseMs?: number;
}
