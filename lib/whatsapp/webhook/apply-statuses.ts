import { sql } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { istDay } from "@/lib/time";
import { classify } from "../errors";
import type { WhatsAppSettings } from "../settings";
import type { WaStatus } from "./envelope";

/*
 * Delivery statuses onto the message log (wa_messages, keyed by wamid), many at once in one
 * statement, so 3,000 status webhooks a second cost a few SQL statements, not thousands.
 *
 * Meta sends sent, delivered, read and failed, possibly out of order and more than once. The row
 * converges to the same state whatever the order:
 * - status takes the highest rank seen: queued < sending < sent < failed < delivered < read.
 *   failed outranks sent (a failed send is final for a message that was only sent), but a
 *   delivered or read report outranks failed: the phone has the message, whatever was reported
 *   before; its error code and failed_at stay on the row as history.
 * - each of sent_at, delivered_at, read_at, failed_at is the earliest webhook timestamp reported
 *   for it (LEAST ignores NULL), so a duplicate changes nothing and a late one cannot move it.
 * - error_code and reason come from the earliest failure.
 * - a failure whose code the outbox would retry (lib/whatsapp/errors classify: 131049 after
 *   24 h, 131000/131057/1/2 shortly, 131056 pair rate...) puts the row back to queued with
 *   not_before = failure time + the code's delay and its wamid cleared, exactly as a synchronous
 *   error of that code would; later reports about the old wamid then match nothing (kept in the
 *   inbox). Every other failure code is final for the message (131026 undeliverable, 131047
 *   outside the window...): status failed with the code and Meta's title and details as reason.
 * - pricing { billable, category } sets cost_paise: 0 when not billable (e.g. a utility template
 *   inside an open service window), the category's price otherwise.
 */

/** queued < sending < sent < failed < delivered < read */
export const STATUS_RANK: Record<string, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  failed: 3,
  delivered: 4,
  read: 5,
};
const APPLIED = new Set(["sent", "delivered", "read", "failed"]);

const RETRYING_ACTIONS = new Set(["retry_later", "backoff_number", "retry_recipient_later", "no_retry_24h"]);

export interface StatusRecord {
  wamid: string;
  status: "sent" | "delivered" | "read" | "failed";
  rank: number;
  ts: string;
  error_code: number | null;
  reason: string | null;
  /** For retryable failure codes: how long after the failure the message may be sent again. */
  retry_ms: number | null;
  /** New cost_paise from pricing, or null to leave it. */
  cost: number | null;
}

/** One webhook status as a row for the batch statement; null for statuses Kosha does not apply. */
export function statusRecord(s: WaStatus, settings: WhatsAppSettings): StatusRecord | null {
  if (!APPLIED.has(s.status)) return null;
  const status = s.status as StatusRecord["status"];
  let errorCode: number | null = null;
  let reason: string | null = null;
  let retryMs: number | null = null;
  if (status === "failed") {
    const err = s.errors?.[0];
    errorCode = err?.code ?? null;
    const c = classify(errorCode);
    const title = err?.title ?? err?.message;
    const details = err?.error_data?.details;
    const meta = details && details !== title ? [title, details].filter(Boolean).join(": ") : title;
    reason = `${errorCode ?? "no code"}: ${c.ownerMessage}${meta ? ` (WhatsApp: ${meta})` : ""}`.slice(
      0,
      1000,
    );
    if (RETRYING_ACTIONS.has(c.action) && c.delayMs !== undefined) retryMs = c.delayMs;
  }
  let cost: number | null = null;
  if (s.pricing?.billable === false) cost = 0;
  else if (s.pricing?.billable === true && s.pricing.category) {
    const price = (settings.pricePaise as Record<string, number>)[s.pricing.category.toLowerCase()];
    if (price !== undefined) cost = price;
  }
  return {
    wamid: s.id,
    status,
    rank: STATUS_RANK[status]!,
    ts: new Date(s.timestamp * 1000).toISOString(),
    error_code: errorCode,
    reason,
    retry_ms: retryMs,
    cost,
  };
}

export interface StatusApplyResult {
  /** wamids that matched a message row. */
  matched: Set<string>;
  /** IST days whose delivered-message cost changed (to re-book into the KPI spend). */
  costDays: string[];
}

const rankOf = (col: ReturnType<typeof sql.raw>) =>
  sql`(case ${col} when 'queued' then 0 when 'sending' then 1 when 'sent' then 2 when 'failed' then 3 when 'delivered' then 4 when 'read' then 5 else 0 end)`;

/**
 * Applies status records to wa_messages in one statement (per chunk). Rows are locked in id order
 * so two batches touching the same messages queue instead of deadlocking.
 */
export async function applyStatusRecords(
  db: Db,
  records: readonly StatusRecord[],
  chunkSize = 2000,
): Promise<StatusApplyResult> {
  const matched = new Set<string>();
  const days = new Set<string>();
  for (let i = 0; i < records.length; i += chunkSize) {
    const chunk = records.slice(i, i + chunkSize);
    const col = (k: keyof StatusRecord) => pgArray(chunk.map((r) => r[k]));
    const rows = await queryRows<{
      wamid: string;
      delivered_at: string | Date | null;
      old_delivered_at: string | Date | null;
      cost_paise: string | number;
      old_cost: string | number;
    }>(
      db,
      sql`with input as (
            select * from unnest(${col("wamid")}::text[], ${col("status")}::text[], ${col("rank")}::int[],
                                 ${col("ts")}::timestamptz[], ${col("error_code")}::int[], ${col("reason")}::text[],
                                 ${col("retry_ms")}::bigint[], ${col("cost")}::bigint[])
              as x(wamid, status, rank, ts, error_code, reason, retry_ms, cost)
          ),
          agg as (
            select wamid,
                   max(rank) as rank,
                   min(ts) filter (where status = 'sent') as sent_at,
                   min(ts) filter (where status = 'delivered') as delivered_at,
                   min(ts) filter (where status = 'read') as read_at,
                   min(ts) filter (where status = 'failed') as failed_at,
                   (array_agg(error_code order by ts, error_code) filter (where status = 'failed'))[1] as error_code,
                   (array_agg(reason order by ts, error_code) filter (where status = 'failed'))[1] as reason,
                   (array_agg(retry_ms order by ts, error_code) filter (where status = 'failed'))[1] as retry_ms,
                   (array_agg(cost order by ts desc, rank desc) filter (where cost is not null))[1] as cost
            from input group by wamid
          ),
          -- The rows to change, locked in id order; agg's columns ride along so the update needs
          -- one join (by primary key), not three.
          p as (
            select m.id, m.delivered_at as old_delivered_at, m.cost_paise as old_cost,
                   ${rankOf(sql.raw("m.status"))} as old_rank, a.*,
                   -- a retryable failure of a message nothing better was heard of: send it again later
                   (a.rank = 3 and ${rankOf(sql.raw("m.status"))} < 3 and a.retry_ms is not null) as requeue,
                   (m.failed_at is null or a.failed_at < m.failed_at) as earlier_failure
            from agg a join wa_messages m on m.wamid = a.wamid
            order by m.id
            for update of m
          )
          update wa_messages m set
            status = case when p.requeue then 'queued'
                          when p.rank > p.old_rank then
                            (case p.rank when 2 then 'sent' when 3 then 'failed' when 4 then 'delivered' else 'read' end)
                          else m.status end,
            wamid = case when p.requeue then null else m.wamid end,
            not_before = case when p.requeue then p.failed_at + p.retry_ms * interval '1 millisecond' else m.not_before end,
            locked_until = case when p.requeue then null else m.locked_until end,
            sent_at = least(m.sent_at, p.sent_at),
            delivered_at = least(m.delivered_at, p.delivered_at),
            read_at = least(m.read_at, p.read_at),
            failed_at = case when p.requeue then m.failed_at else least(m.failed_at, p.failed_at) end,
            error_code = case when p.failed_at is not null and (p.requeue or p.earlier_failure) then p.error_code else m.error_code end,
            reason = case when p.requeue then 'retrying after ' || p.reason
                          when p.failed_at is not null and p.earlier_failure then p.reason
                          else m.reason end,
            cost_paise = coalesce(p.cost, m.cost_paise)
          from p
          where m.id = p.id
          returning p.wamid, m.delivered_at, p.old_delivered_at, m.cost_paise, p.old_cost`,
    );
    for (const r of rows) {
      matched.add(r.wamid);
      const cost = Number(r.cost_paise);
      const oldCost = Number(r.old_cost);
      const now = r.delivered_at ? istDay(new Date(r.delivered_at)) : null;
      const before = r.old_delivered_at ? istDay(new Date(r.old_delivered_at)) : null;
      if (now !== before || cost !== oldCost) {
        if (now && cost > 0) days.add(now);
        if (before && oldCost > 0) days.add(before);
      }
    }
  }
  return { matched, costDays: [...days].sort() };
}
