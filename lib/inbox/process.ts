import { and, eq, sql } from "drizzle-orm";
import { anyId } from "@/db/any-of";
import type { Db } from "@/db";
import { inboundEvents as t } from "@/db/schema/inbox";
import type { Clock } from "@/lib/time";
import { claimInboundById } from "./claim";
import { MAX_ATTEMPTS, retryDelayMs, type RetryPolicy } from "./retry";
import type {
  BatchOutcome,
  HandlerOutcome,
  HandlerResolver,
  InboundBatch,
  InboundEvent,
  InboundHandler,
  InboundStatus,
  ProcessResult,
} from "./types";

const MAX_ERROR_CHARS = 2000;
const DEFAULT_BATCH_SIZE = 100;

export interface ProcessOptions extends RetryPolicy {
  /** Handler calls (single events or whole batches) running at once; default 4. */
  concurrency?: number;
}

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

/** Runs the handler for one row this worker has just claimed (see `processClaimedRows`). */
export async function processClaimed(
  db: Db,
  row: InboundEvent,
  resolveHandler: HandlerResolver,
  clock: Clock,
  policy: RetryPolicy = {},
): Promise<ProcessResult> {
  const [result] = await processClaimedRows(db, [row], resolveHandler, clock, policy);
  return result!;
}

/** A row and what became of its attempt, before it is written. */
type Settle = { row: InboundEvent; outcome: BatchOutcome | { outcome: "gave-up"; error: string } };

/**
 * Runs the handlers for rows this worker has just claimed, with at most `concurrency` handler
 * calls at once: rows whose handler carries a `batch` are applied together per (source, batch
 * key), the others one by one. Answers one result per row, in the order given.
 *
 * Outcomes are written in bulk (one UPDATE per kind of outcome), and only while the claim still
 * holds (same status and attempt number), so a worker that overran its lease cannot overwrite the
 * result of the worker that took the row over.
 */
export async function processClaimedRows(
  db: Db,
  rows: readonly InboundEvent[],
  resolveHandler: HandlerResolver,
  clock: Clock,
  opts: ProcessOptions = {},
): Promise<ProcessResult[]> {
  const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
  const results = new Map<number, ProcessResult>();
  const tasks: (() => Promise<Settle[]>)[] = [];
  const immediate: Settle[] = [];
  const batches = new Map<string, { batch: InboundBatch; rows: InboundEvent[] }>();

  for (const row of rows) {
    // Attempts only exceed the maximum when earlier workers died mid-run (their leases expired):
    // running the handler again would likely kill this worker too.
    if (row.attempts > maxAttempts) {
      immediate.push({
        row,
        outcome: {
          outcome: "gave-up",
          error: `gave up after ${maxAttempts} attempts: the worker's lease expired (crash or timeout)`,
        },
      });
      continue;
    }
    const handler = resolveHandler(row.source, row.name);
    if (!handler) {
      immediate.push({
        row,
        outcome: { outcome: "ignored", reason: `no handler for ${row.source}/${row.name}` },
      });
    } else if (handler.batch) {
      const key = `${row.source}\u0000${handler.batch.key}`;
      const group = batches.get(key) ?? { batch: handler.batch, rows: [] };
      group.rows.push(row);
      batches.set(key, group);
    } else {
      tasks.push(async () => [{ row, outcome: await runOne(db, handler, row, clock) }]);
    }
  }
  for (const { batch, rows: group } of batches.values()) {
    const size = Math.max(1, batch.maxSize ?? DEFAULT_BATCH_SIZE);
    for (let i = 0; i < group.length; i += size) {
      const chunk = group.slice(i, i + size);
      tasks.push(async () => {
        const outcomes = await runBatch(db, batch, chunk, clock);
        return chunk.map((row, j) => ({ row, outcome: outcomes[j]! }));
      });
    }
  }

  const record = async (settles: Settle[]) => {
    for (const r of await settle(db, settles, clock, maxAttempts)) results.set(r.id, r);
  };
  if (immediate.length > 0) await record(immediate);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      // Each task's outcomes are written as soon as it is done, not when the slowest one is.
      await record(await task());
    }
  };
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  return rows.map((r) => results.get(r.id)!);
}

async function runOne(
  db: Db,
  handler: InboundHandler,
  row: InboundEvent,
  clock: Clock,
): Promise<BatchOutcome> {
  try {
    return checkOutcome(await handler({ db, event: row, clock }));
  } catch (e) {
    return { outcome: "error", error: describeError(e) };
  }
}

/**
 * One call for the whole chunk; if it throws (or answers nonsense), each event is tried on its
 * own, so only the events that fail by themselves are retried.
 */
async function runBatch(
  db: Db,
  batch: InboundBatch,
  events: InboundEvent[],
  clock: Clock,
): Promise<BatchOutcome[]> {
  try {
    const out: unknown = await batch.handle({ db, events, clock });
    if (!Array.isArray(out) || out.length !== events.length) {
      throw new Error(
        `batch handler ${batch.key} answered ${Array.isArray(out) ? out.length : typeof out} outcomes for ${events.length} events`,
      );
    }
    return out.map((o): BatchOutcome => {
      const e = o as Partial<{ outcome: string; error: unknown }> | null | undefined;
      if (e?.outcome === "error" && typeof e.error === "string") return { outcome: "error", error: e.error };
      try {
        return checkOutcome(o);
      } catch (err) {
        return { outcome: "error", error: describeError(err) };
      }
    });
  } catch (e) {
    if (events.length === 1) return [{ outcome: "error", error: describeError(e) }];
    const out: BatchOutcome[] = [];
    for (const event of events) out.push(...(await runBatch(db, batch, [event], clock)));
    return out;
  }
}

/** Writes the outcomes: one guarded UPDATE per (what to write, attempt number). */
async function settle(db: Db, items: Settle[], clock: Clock, maxAttempts: number): Promise<ProcessResult[]> {
  const now = clock.now();
  type Group = { values: Partial<typeof t.$inferInsert>; attempts: number; items: Settle[] };
  const groups = new Map<string, Group>();
  const resultOf = (s: Settle): ProcessResult => {
    const { row, outcome: o } = s;
    if (o.outcome === "processed") return { id: row.id, result: "processed" };
    if (o.outcome === "ignored") return { id: row.id, result: "ignored", reason: o.reason };
    if (o.outcome === "gave-up" || row.attempts >= maxAttempts)
      return { id: row.id, result: "failed", attempts: row.attempts, error: o.error };
    const retryAt = new Date(now.getTime() + retryDelayMs(row.attempts));
    return {
      id: row.id,
      result: "retry",
      attempts: row.attempts,
      retryAt: retryAt.toISOString(),
      error: o.error,
    };
  };
  const results = items.map(resultOf);
  items.forEach((s, i) => {
    const r = results[i]!;
    let values: Partial<typeof t.$inferInsert>;
    let key: string;
    if (r.result === "processed") {
      values = { status: "processed", lockedUntil: null, processedAt: now };
      key = "processed";
    } else if (r.result === "ignored") {
      values = { status: "ignored", note: r.reason, lockedUntil: null, processedAt: now };
      key = `ignored\u0000${r.reason}`;
    } else if (r.result === "failed") {
      values = { status: "failed", lastError: r.error, lockedUntil: null, processedAt: now };
      key = `failed\u0000${r.error}`;
    } else if (r.result === "retry") {
      // Back to pending; locked_until doubles as "not before", so claims skip it until then.
      values = { status: "pending", lastError: r.error, lockedUntil: new Date(r.retryAt) };
      key = `retry\u0000${r.error}`;
    } else {
      throw new Error(`unexpected result ${r.result}`);
    }
    key += `\u0000${s.row.attempts}`;
    const g = groups.get(key) ?? { values, attempts: s.row.attempts, items: [] };
    g.items.push(s);
    groups.set(key, g);
  });
  const lost = new Set<number>();
  for (const g of groups.values()) {
    const ids = g.items.map((s) => s.row.id);
    const updated = await db
      .update(t)
      .set(g.values)
      .where(and(sql`${t.id} = ${anyId(ids)}`, eq(t.status, "processing"), eq(t.attempts, g.attempts)))
      .returning({ id: t.id });
    const ok = new Set(updated.map((u) => u.id));
    for (const id of ids) if (!ok.has(id)) lost.add(id);
  }
  return items.map((s, i) => (lost.has(s.row.id) ? leaseLost(s.row) : results[i]!));
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

/**
 * Makes a handler from a batch: the runner and the sweep apply claimed events in batches through
 * `batch.handle`, and a one-event call (Inngest's per-event function) runs a batch of one.
 */
export function inboundBatchHandler(batch: InboundBatch): InboundHandler {
  const handler: InboundHandler = async ({ db, event, clock }) => {
    const [outcome] = await batch.handle({ db, events: [event], clock });
    if (outcome?.outcome === "error") throw new Error(outcome.error);
    return outcome as HandlerOutcome;
  };
  handler.batch = batch;
  return handler;
}
