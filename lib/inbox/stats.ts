import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { inboundEvents as t } from "@/db/schema/inbox";
import { systemClock, type Clock } from "@/lib/time";
import { INBOUND_STATUSES, type InboundStatus } from "./types";

export type InboxStats = Record<InboundStatus, number> & {
  total: number;
  /** Age of the oldest event not yet finished (pending or processing); null when there is none. */
  oldestPendingAgeSeconds: number | null;
};

/** Counts by status and the age of the oldest unfinished event: is the runner keeping up? */
export async function inboxStats(db: Db, clock: Clock = systemClock): Promise<InboxStats> {
  const rows = await queryRows<{ status: string; n: string | number; oldest: string | Date | null }>(
    db,
    sql`select ${t.status} as status, count(*) as n, min(${t.receivedAt}) as oldest
        from ${t} group by ${t.status}`,
  );
  const stats = Object.fromEntries(INBOUND_STATUSES.map((s) => [s, 0])) as InboxStats;
  stats.total = 0;
  let oldest: number | null = null;
  for (const r of rows) {
    const n = Number(r.n);
    stats.total += n;
    if ((INBOUND_STATUSES as readonly string[]).includes(r.status)) stats[r.status as InboundStatus] = n;
    if ((r.status === "pending" || r.status === "processing") && r.oldest != null) {
      const ms = new Date(r.oldest).getTime();
      oldest = oldest === null ? ms : Math.min(oldest, ms);
    }
  }
  stats.oldestPendingAgeSeconds =
    oldest === null ? null : Math.max(0, Math.floor((clock.now().getTime() - oldest) / 1000));
  return stats;
}
