import { and, eq, getTableColumns, inArray, isNull, lte, or, sql } from "drizzle-orm";
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
 * Atomically claims up to `limit` due rows, oldest first. `FOR UPDATE SKIP LOCKED` lets several
 * workers (threads, processes, the Inngest sweep and the in-process poller) claim at the same
 * time without ever getting the same row or waiting on each other.
 *
 * One ordered walk of inbound_events_due_idx (unfinished rows only; Postgres used to walk the
 * primary key over every finished event on each claim). The claim writes status, lease and
 * attempt count, none of which any index reads, so it is a HOT update on a page the table's
 * fillfactor keeps room on (migration 0019) rather than a new entry in every index; the index
 * predicate is processed_at for that reason, not status.
 */
export async function claimInbound(db: Db, opts: ClaimOptions & { limit: number }): Promise<InboundEvent[]> {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const ids = db
    .select({ id: t.id })
    .from(t)
    .where(due(opts.now))
    .orderBy(t.id)
    .limit(opts.limit)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(t)
    .set(claimSet(opts.now, leaseMs))
    .where(inArray(t.id, ids))
    .returning(eventColumns);
  return rows.sort((a, b) => a.id - b.id);
}

/** Claims one row by id if it is due; undefined when it is finished, leased, backing off or missing. */
export async function claimInboundById(
  db: Db,
  id: number,
  opts: ClaimOptions,
): Promise<InboundEvent | undefined> {
  const [row] = await db
    .update(t)
    .set(claimSet(opts.now, opts.leaseMs ?? DEFAULT_LEASE_MS))
    .where(and(eq(t.id, id), due(opts.now)))
    .returning(eventColumns);
  return row;
}
