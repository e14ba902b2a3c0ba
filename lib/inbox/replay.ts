import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db";
import { inboundEvents as t } from "@/db/schema/inbox";
import type { InboundStatus } from "./types";

/**
 * Puts a failed or ignored event back in the queue with a fresh set of attempts (e.g. after a
 * handler for its name was added or the cause of its errors fixed). The raw body is untouched,
 * so the replay sees exactly what was received. Answers the status the row had.
 */
export async function replayInbound(
  db: Db,
  id: number,
): Promise<{ replayed: boolean; status: InboundStatus | "missing" }> {
  const [before] = await db.select({ status: t.status }).from(t).where(eq(t.id, id));
  if (!before) return { replayed: false, status: "missing" };
  const updated = await db
    .update(t)
    .set({ status: "pending", attempts: 0, lockedUntil: null, note: null, processedAt: null })
    .where(and(eq(t.id, id), inArray(t.status, ["failed", "ignored"])))
    .returning({ id: t.id });
  return { replayed: updated.length > 0, status: before.status as InboundStatus };
}
