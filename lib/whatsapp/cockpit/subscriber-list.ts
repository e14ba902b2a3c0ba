import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { waSubscribers } from "@/db/schema";

/*
 * Subscribers with their consent, paged by phone (stable while the list changes), filtered by
 * consent state: the owner's "who may I message, and since when, from where" list.
 */
export const subscriberListQuery = z.strictObject({
  consent: z.enum(["opted_in", "opted_out", "unknown"]).optional(),
  after: z
    .string()
    .regex(/^[0-9]{1,15}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type SubscriberListQuery = z.infer<typeof subscriberListQuery>;

export async function listSubscribers(db: Db, q: SubscriberListQuery) {
  const s = waSubscribers;
  const where: SQL[] = [];
  if (q.consent) where.push(eq(s.consent, q.consent));
  if (q.after) where.push(gt(s.phone, q.after));
  const rows = await db
    .select({
      phone: s.phone,
      customerId: s.customerId,
      name: s.name,
      consent: s.consent,
      optedInAt: s.optedInAt,
      optInSource: s.optInSource,
      optedOutAt: s.optedOutAt,
      optOutSource: s.optOutSource,
      lastInboundAt: s.lastInboundAt,
    })
    .from(s)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(s.phone))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return { items, nextAfter: rows.length > q.limit ? items[items.length - 1]!.phone : null };
}
