import type { Db } from "@/db";
import type { inboundEvents } from "@/db/schema/inbox";
import type { Clock } from "@/lib/time";

/** One stored inbound event, exactly as the table holds it. */
export type InboundEvent = typeof inboundEvents.$inferSelect;

export const INBOUND_STATUSES = ["pending", "processing", "processed", "ignored", "failed"] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

export type HandlerOutcome = { outcome: "processed" } | { outcome: "ignored"; reason: string };

/**
 * Does the work for one kind of inbound event. It may run more than once for the same event
 * (a retry after an error, a worker whose lease expired), so it must be idempotent: versioned
 * upserts, outbox rows with idempotency keys. Throwing schedules a retry with backoff.
 */
export type InboundHandler = (ctx: { db: Db; event: InboundEvent; clock: Clock }) => Promise<HandlerOutcome>;

/** Finds the handler for an event by where it came from and what it is called. */
export type HandlerResolver = (source: string, name: string) => InboundHandler | undefined;

/** What one processing attempt did; JSON-serialisable so Inngest steps can return it. */
export type ProcessResult =
  | { id: number; result: "processed" }
  | { id: number; result: "ignored"; reason: string }
  | { id: number; result: "retry"; attempts: number; retryAt: string; error: string }
  | { id: number; result: "failed"; attempts: number; error: string }
  /** Nothing to do: already finished, another worker holds the lease, backoff not over, or no such row. */
  | { id: number; result: "skipped"; status: InboundStatus | "missing" }
  /** The lease expired while the handler ran and another worker took the row over; its write wins. */
  | { id: number; result: "lease-lost" };
