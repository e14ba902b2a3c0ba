/*
 * A process-local signal that the outbox has new due rows, so the in-process dispatcher sends
 * them now rather than at its next poll. Nothing depends on it for correctness: the poller (or
 * the Inngest cron) finds every queued row anyway.
 */
type Listener = (info: { queued: number }) => void;

const g = globalThis as unknown as { __koshaWaOutboxListeners?: Set<Listener> };
const listeners = (g.__koshaWaOutboxListeners ??= new Set());

export function onOutboxQueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyOutboxQueued(queued: number): void {
  if (queued <= 0) return;
  for (const l of listeners) {
    try {
      l({ queued });
    } catch {
      // A listener's failure must not fail the enqueue that already committed.
    }
  }
}
