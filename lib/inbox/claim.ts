import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { inboundEvents as t } from "@/db/schema/inbox";
import { DEFAULT_LEASE_MS } from "./retry";
import type { InboundEvent } from "./types";

export interface ClaimOptions {
  now: Date;
  leaseMs?: number;
}

/**
 * Rows a worker may take now: pending ones whose retry backoff (kept in locked_until) is over,
 * and processing ones whose lease expired because their worker crashed or stalled.
 */
function due(now: Date) {
  return and(
    inArray(t.status, ["pending", "processing"]),
    or(isNull(t.lockedUntil), lte(t.lockedUntil, now)),
  );
}

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
  const rows = await db.update(t).set(claimSet(opts.now, leaseMs)).where(inArray(t.id, ids)).returning();
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
    .returning();
  return row;
}
