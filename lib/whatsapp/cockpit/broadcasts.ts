import { desc } from "drizzle-orm";
import type { Db } from "@/db";
import { waBroadcasts } from "@/db/schema";

/** Broadcasts newest first, with their progress counters, for the broadcasts page's first paint. */
export type BroadcastRow = typeof waBroadcasts.$inferSelect;

export async function listBroadcasts(db: Db, limit = 20): Promise<BroadcastRow[]> {
  const rows = await db.select().from(waBroadcasts).orderBy(desc(waBroadcasts.id)).limit(limit);
  return rows.map((b) => ({ ...b, estimatedCostPaise: Number(b.estimatedCostPaise) }));
}
