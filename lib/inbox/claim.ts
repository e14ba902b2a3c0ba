import { and, getTableColumns, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { anyId } from "@/db/any-of";
import type { Db } from "@/db";
import { inboundEvents as t } from "@/db/schema/inbox";
import { DEFAULT_LEASE_MS } from "./retry";
import type { InboundEvent } from "./types";

export interface ClaimOptions {
  now: Date;
  leaseMs?: number;
}

/**
 * Rows a worker may take now: not finished (processed_at is set exactly when a row is processed,
 * ignored or failed, and cleared by a replay), and not held: never claimed, its retry backoff
 * over, or its worker's lease expired (a crash or a stall). locked_until is both the backoff and
 * the lease, so one test covers the three.
 */
const due = (now: Date) => and(isNull(t.processedAt), or(isNull(t.lockedUntil), lte(t.lockedUntil, now)));

/** The columns a claim hands to its worker: all but raw_body (see InboundEvent). */
const { rawBody: _rawBody, ...eventColumns } = getTableColumns(t);

function claimSet(now: Date, leaseMs: number) {
  return {
    status: "processing",
    lockedUntil: new Date(now.getTime() + leaseMs),
    attempts: sql`${t.attempts} + 1`,
  };
}

/**
 * Atomically claims up to `limit` due rows, oldest first: the sweep's walk, which finds whatever
 * nobody dispatched (retries whose backoff is over, rows of a crashed worker, events accepted
 * while another runner was active). `FOR UPDATE SKIP LOCKED` lets several workers (threads,
 * processes, the Inngest sweep and the in-process poller) claim at the same time without ever
 * getting the same row or waiting on each other.
 *
 * One ordered walk of inbound_events_due_idx (unfinished rows only). The claim writes status,
 * lease and attempt count, none of which any index reads, so it is a HOT update on a page the
 * table's fillfactor keeps room on (migration 0019) rather than a new entry in every index; the
 * index predicate is processed_at for that reason, not status.
 *
 * The walk must be a plain index scan, never a bitmap scan. Finishing a row leaves its entry in
 * the due index until vacuum; an index scan that meets it marks it dead so the next walk skips it
 * without a heap visit, but a bitmap scan marks nothing. With statistics that put few rows in the
 * index (the usual state: nearly every event is finished) the planner prefers bitmap-and-sort,
 * and each claim then revisited every row finished since the last vacuum: 22,580 entries and
 * 5,670 heap pages for 123 due rows, 7 ms a claim, ten seconds into a webhook burst.
 */
export async function claimInbound(db: Db, opts: ClaimOptions & { limit: number }): Promise<InboundEvent[]> {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_bitmapscan = off`);
    const ids = tx
      .select({ id: t.id })
      .from(t)
      .where(due(opts.now))
      .orderBy(t.id)
      .limit(opts.limit)
      .for("update", { skipLocked: true });
    const rows = await tx
      .update(t)
      .set(claimSet(opts.now, leaseMs))
      .where(inArray(t.id, ids))
      .returning(eventColumns);
    return rows.sort((a, b) => a.id - b.id);
  });
}

/**
 * Claims the given rows that are due, oldest first; the others (finished, leased, backing off,
 * missing) are left alone and not returned. The prompt path: a runner told which rows were just
 * stored claims them by primary key, at a cost that does not grow with the inbox's history.
 */
export async function claimInboundByIds(
  db: Db,
  ids: readonly number[],
  opts: ClaimOptions,
): Promise<InboundEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(t)
    .set(claimSet(opts.now, opts.leaseMs ?? DEFAULT_LEASE_MS))
    .where(and(sql`${t.id} = ${anyId(ids)}`, due(opts.now)))
    .returning(eventColumns);
  return rows.sort((a, b) => a.id - b.id);
}

/** Claims one row by id if it is due; undefined when it is finished, leased, backing off or missing. */
export async function claimInboundById(
  db: Db,
  id: number,
  opts: ClaimOptions,
): Promise<InboundEvent | undefined> {
  const [row] = await claimInboundByIds(db, [id], opts);
  return row;
}
