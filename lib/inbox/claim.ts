import { and, eq, getTableColumns, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { inboundEvents as t } from "@/db/schema/inbox";
import { DEFAULT_LEASE_MS } from "./retry";
import type { InboundEvent } from "./types";

export interface ClaimOptions {
  now: Date;
  leaseMs?: number;
}

/** Pending rows whose retry backoff (kept in locked_until) is over. */
const waiting = (now: Date) =>
  and(eq(t.status, "pending"), or(isNull(t.lockedUntil), lte(t.lockedUntil, now)));

/** Processing rows whose lease expired because their worker crashed or stalled. */
const leaseExpired = (now: Date) =>
  and(eq(t.status, "processing"), or(isNull(t.lockedUntil), lte(t.lockedUntil, now)));

/** Rows a worker may take now: either of the above. */
const due = (now: Date) => or(waiting(now), leaseExpired(now));

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
 * Waiting rows first, then, only when they do not fill the claim, expired leases: each is one
 * ordered walk of its partial index (inbound_events_due_idx, _lease_idx). Asked together, as one
 * `status in (...)`, Postgres walked the primary key over every finished event instead.
 */
export async function claimInbound(db: Db, opts: ClaimOptions & { limit: number }): Promise<InboundEvent[]> {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const claimWhere = async (where: SQL | undefined, limit: number) => {
    const ids = db.select({ id: t.id }).from(t).where(where).orderBy(t.id).limit(limit).for("update", {
      skipLocked: true,
    });
    return db.update(t).set(claimSet(opts.now, leaseMs)).where(inArray(t.id, ids)).returning(eventColumns);
  };
  const rows = await claimWhere(waiting(opts.now), opts.limit);
  if (rows.length < opts.limit)
    rows.push(...(await claimWhere(leaseExpired(opts.now), opts.limit - rows.length)));
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
