import { z } from "zod";
import type { MirrorEvent } from "./changed";

/*
 * In-process mode has no event bus: the events the mirror fan-out produces (sku blocked/unblocked,
 * segment changes) are kept here, newest last, so the owner can see them (GET /api/v1/events/recent)
 * and future in-process listeners have one place to hook. A bounded ring on globalThis, shared by
 * every Next.js route bundle in the process; it is a window on recent activity, not a store.
 */
export interface LoggedEvent extends MirrorEvent {
  seq: number;
  at: string;
}

const CAPACITY = 500;
const g = globalThis as unknown as { __koshaMirrorEvents?: { seq: number; events: LoggedEvent[] } };

function log() {
  g.__koshaMirrorEvents ??= { seq: 0, events: [] };
  return g.__koshaMirrorEvents;
}

export function recordEvents(events: readonly MirrorEvent[], at: Date = new Date()): void {
  const l = log();
  for (const e of events) l.events.push({ ...e, seq: ++l.seq, at: at.toISOString() });
  if (l.events.length > CAPACITY) l.events.splice(0, l.events.length - CAPACITY);
}

export const recentEventsQuery = z.object({
  name: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(CAPACITY).default(50),
});

/** The most recent events, newest first; `name` filters by event name. */
export function recentEvents(opts: { limit?: number; name?: string } = {}): LoggedEvent[] {
  const limit = opts.limit ?? 50;
  return log()
    .events.filter((e) => !opts.name || e.name === opts.name)
    .slice(-limit)
    .reverse();
}
