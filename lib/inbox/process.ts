import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { inboundEvents as t } from "@/db/schema/inbox";
import type { Clock } from "@/lib/time";
import { claimInboundById } from "./claim";
import { MAX_ATTEMPTS, retryDelayMs, type RetryPolicy } from "./retry";
import type { HandlerOutcome, HandlerResolver, InboundEvent, InboundStatus, ProcessResult } from "./types";

const MAX_ERROR_CHARS = 2000;

/**
 * Processes one stored event by id: claims it (so no other worker runs it at the same time),
 * runs its handler and records the outcome. Safe to call any number of times: a finished,
 * leased or backing-off event is left alone and reported as skipped.
 */
export async function processInboundEvent(
  db: Db,
  id: number,
  resolveHandler: HandlerResolver,
  clock: Clock,
  policy: RetryPolicy = {},
): Promise<ProcessResult> {
  const claimed = await claimInboundById(db, id, { now: clock.now(), leaseMs: policy.leaseMs });
  if (!claimed) {
    const [row] = await db.select({ status: t.status }).from(t).where(eq(t.id, id));
    return { id, result: "skipped", status: (row?.status as InboundStatus | undefined) ?? "missing" };
  }
  return processClaimed(db, claimed, resolveHandler, clock, policy);
}

/**
 * Runs the handler for a row this worker has just claimed. The outcome is written only while the
 * claim still holds (same status and attempt number), so a worker that overran its lease cannot
 * overwrite the result of the worker that took the row over.
 */
export async function processClaimed(
  db: Db,
  row: InboundEvent,
  resolveHandler: HandlerResolver,
  clock: Clock,
  policy: RetryPolicy = {},
): Promise<ProcessResult> {
  const maxAttempts = policy.maxAttempts ?? MAX_ATTEMPTS;
  const finish = async (values: Partial<typeof t.$inferInsert>): Promise<boolean> => {
    const updated = await db
      .update(t)
      .set(values)
      .where(and(eq(t.id, row.id), eq(t.status, "processing"), eq(t.attempts, row.attempts)))
      .returning({ id: t.id });
    return updated.length > 0;
  };

  // Attempts only exceed the maximum when earlier workers died mid-run (their leases expired):
  // running the handler again would likely kill this worker too.
  if (row.attempts > maxAttempts) {
    const error = `gave up after ${maxAttempts} attempts: the worker's lease expired (crash or timeout)`;
    const ok = await finish({
      status: "failed",
      lastError: error,
      lockedUntil: null,
      processedAt: clock.now(),
    });
    return ok ? { id: row.id, result: "failed", attempts: row.attempts, error } : leaseLost(row);
  }

  const handler = resolveHandler(row.source, row.name);
  if (!handler) {
    const reason = `no handler for ${row.source}/${row.name}`;
    const ok = await finish({ status: "ignored", note: reason, lockedUntil: null, processedAt: clock.now() });
    return ok ? { id: row.id, result: "ignored", reason } : leaseLost(row);
  }

  let outcome: HandlerOutcome;
  try {
    outcome = checkOutcome(await handler({ db, event: row, clock }));
  } catch (e) {
    const error = describeError(e);
    if (row.attempts >= maxAttempts) {
      const ok = await finish({
        status: "failed",
        lastError: error,
        lockedUntil: null,
        processedAt: clock.now(),
      });
      return ok ? { id: row.id, result: "failed", attempts: row.attempts, error } : leaseLost(row);
    }
    // Back to pending; locked_until doubles as "not before", so claims skip it until then.
    const retryAt = new Date(clock.now().getTime() + retryDelayMs(row.attempts));
    const ok = await finish({ status: "pending", lastError: error, lockedUntil: retryAt });
    return ok
      ? { id: row.id, result: "retry", attempts: row.attempts, retryAt: retryAt.toISOString(), error }
      : leaseLost(row);
  }

  if (outcome.outcome === "ignored") {
    const ok = await finish({
      status: "ignored",
      note: outcome.reason,
      lockedUntil: null,
      processedAt: clock.now(),
    });
    return ok ? { id: row.id, result: "ignored", reason: outcome.reason } : leaseLost(row);
  }
  const ok = await finish({ status: "processed", lockedUntil: null, processedAt: clock.now() });
  return ok ? { id: row.id, result: "processed" } : leaseLost(row);
}

function leaseLost(row: InboundEvent): ProcessResult {
  console.warn(
    JSON.stringify({ level: "warn", msg: "inbound lease lost", id: row.id, attempts: row.attempts }),
  );
  return { id: row.id, result: "lease-lost" };
}

/** A handler that returns something else is a bug; treating it as an error keeps the event. */
function checkOutcome(out: unknown): HandlerOutcome {
  const o = out as Partial<{ outcome: string; reason: unknown }> | null | undefined;
  if (o?.outcome === "processed") return { outcome: "processed" };
  if (o?.outcome === "ignored" && typeof o.reason === "string")
    return { outcome: "ignored", reason: o.reason };
  throw new Error(`handler returned ${JSON.stringify(out)} instead of { outcome: "processed" | "ignored" }`);
}

function describeError(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
