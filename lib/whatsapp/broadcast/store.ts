import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { waBroadcasts, waTemplates } from "@/db/schema";
import { and } from "drizzle-orm";
import { HttpError } from "@/lib/http";
import { normalise } from "./compose";
import type { Broadcast } from "./schema";

/*
 * Reading broadcasts and keeping their progress counters true. The counters are recomputed from
 * the broadcast's own wa_messages rows (index on broadcast_id, queued), never incremented, so a
 * crash, a retry or a webhook that moves a message from sent to failed cannot make them drift.
 */

export async function getBroadcast(db: Db, id: number): Promise<Broadcast | null> {
  const [b] = await db.select().from(waBroadcasts).where(eq(waBroadcasts.id, id));
  return b ? normalise(b) : null;
}

export async function requireBroadcast(db: Db, id: number): Promise<Broadcast> {
  const b = await getBroadcast(db, id);
  if (!b) throw new HttpError(404, "not_found", `No broadcast ${id}.`);
  return b;
}

export async function listBroadcasts(
  db: Db,
  q: { limit?: number; before?: number } = {},
): Promise<{ items: Broadcast[]; nextBefore: number | null }> {
  const limit = q.limit ?? 20;
  const rows = await db
    .select()
    .from(waBroadcasts)
    .where(q.before ? sql`${waBroadcasts.id} < ${q.before}` : undefined)
    .orderBy(desc(waBroadcasts.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(normalise);
  return { items, nextBefore: rows.length > limit ? items[items.length - 1]!.id : null };
}

export interface BroadcastCounts {
  rows: number;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
}

/** Recomputes queued (incl. in flight) / sent (incl. delivered, read) / failed / skipped. */
export async function refreshProgress(db: Db, id: number): Promise<BroadcastCounts> {
  const [row] = await queryRows<Record<keyof BroadcastCounts, number | string>>(
    db,
    sql`with x as (
          select count(*) as rows,
                 count(*) filter (where m.queued) as queued,
                 count(*) filter (where status in ('sent', 'delivered', 'read')) as sent,
                 count(*) filter (where status = 'failed') as failed,
                 count(*) filter (where status = 'skipped') as skipped
            from wa_messages m where broadcast_id = ${id}
        ), u as (
          update wa_broadcasts b set queued = x.queued, sent = x.sent, failed = x.failed, skipped = x.skipped
            from x where b.id = ${id}
        )
        select * from x`,
  );
  return {
    rows: Number(row?.rows ?? 0),
    queued: Number(row?.queued ?? 0),
    sent: Number(row?.sent ?? 0),
    failed: Number(row?.failed ?? 0),
    skipped: Number(row?.skipped ?? 0),
  };
}

/** The message category the broadcast's template is billed as (marketing when unknown). */
export async function templateCategory(db: Db, name: string, language: string): Promise<string> {
  const [t] = await db
    .select({ category: waTemplates.category })
    .from(waTemplates)
    .where(and(eq(waTemplates.name, name), eq(waTemplates.language, language)));
  const c = t?.category.toLowerCase();
  return c === "utility" || c === "authentication" ? c : "marketing";
}

/**
 * Messages of the broadcast still waiting or in flight (index on broadcast_id, queued), counted
 * up to `upTo`: past the point where the answer changes a decision, counting only costs time.
 */
export async function backlog(db: Db, id: number, upTo: number): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    db,
    sql`select count(*) as n from (
          select 1 from wa_messages where broadcast_id = ${id} and queued limit ${Math.max(1, Math.ceil(upTo))}
        ) q`,
  );
  return Number(row?.n ?? 0);
}

const lastRefresh = new Map<number, number>();

/**
 * refreshProgress at most once per `everyMs` per broadcast in this process: a full recount costs
 * the broadcast's size, so recounting after every batch would make a send quadratic. Progress
 * reads (GET) always recount.
 */
export async function refreshProgressThrottled(
  db: Db,
  id: number,
  nowMs: number,
  everyMs = 1000,
): Promise<void> {
  if (nowMs - (lastRefresh.get(id) ?? 0) < everyMs) return;
  lastRefresh.set(id, nowMs);
  await refreshProgress(db, id);
}
