import type { Db } from "@/db";
import type { inboundEvents } from "@/db/schema/inbox";
import type { Clock } from "@/lib/time";

/**
 * One stored inbound event as workers and handlers see it: every column but the raw body, which
 * stays in the table for audit and replay (handlers read the parsed payload; carrying the body
 * through every claim doubled what a claim returned).
 */
export type InboundEvent = Omit<typeof inboundEvents.$inferSelect, "rawBody">;

export const INBOUND_STATUSES = ["pending", "processing", "processed", "ignored", "failed"] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

export type HandlerOutcome = { outcome: "processed" } | { outcome: "ignored"; reason: string };

/**
 * Does the work for one kind of inbound event. It may run more than once for the same event
 * (a retry after an error, a worker whose lease expired), so it must be idempotent: versioned
 * upserts, outbox rows with idempotency keys. Throwing schedules a retry with backoff.
 *
 * A handler may also carry `batch` (build it with `inboundBatchHandler`): the runner and the
 * sweep then apply many claimed events with the same `batch.key` in one call, while the
 * one-event call (the Inngest per-event function, `processInboundEvent`) still works.
 */
export type InboundHandler = ((ctx: {
  db: Db;
  event: InboundEvent;
  clock: Clock;
}) => Promise<HandlerOutcome>) & {
  batch?: InboundBatch;
};

/** What a batch handler answers for one event: done, ignored with a reason, or an error to retry. */
export type BatchOutcome = HandlerOutcome | { outcome: "error"; error: string };

export interface InboundBatchContext {
  db: Db;
  /** Claimed events, oldest first (by id), all of one source and with handlers of this batch key. */
  events: InboundEvent[];
  clock: Clock;
}

/**
 * Applies many events of one kind at once (e.g. WhatsApp delivery statuses in one transaction).
 * `handle` answers one outcome per event, in the order given. Throwing means "this batch could
 * not be applied": each event is then tried on its own (a one-event batch), so one poison event
 * cannot hold back the others; an event whose own attempt throws is retried with backoff.
 * Like every handler it must be idempotent.
 */
export interface InboundBatch {
  /** Events of one source whose handlers share this key are applied together. */
  key: string;
  /** At most this many events per call (default 100). */
  maxSize?: number;
  handle(ctx: InboundBatchContext): Promise<BatchOutcome[]>;
}

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
