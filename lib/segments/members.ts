import { and, asc, count, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { customers, segmentCustomerStats, segmentMembers } from "@/db/schema";

export const memberListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const columns = {
  customerId: segmentMembers.customerId,
  email: customers.email,
  phone: customers.phone,
  firstName: customers.firstName,
  lastName: customers.lastName,
  city: customers.city,
  since: segmentMembers.since,
  reason: segmentMembers.reason,
  ordersCount: segmentCustomerStats.ordersCount,
  lifetimePaise: segmentCustomerStats.lifetimePaise,
  lastOrderAt: segmentCustomerStats.lastOrderAt,
};

function membersQuery(db: Db, key: string) {
  return db
    .select(columns)
    .from(segmentMembers)
    .leftJoin(customers, eq(customers.id, segmentMembers.customerId))
    .leftJoin(segmentCustomerStats, eq(segmentCustomerStats.customerId, segmentMembers.customerId))
    .where(eq(segmentMembers.segmentKey, key))
    .orderBy(desc(segmentMembers.since), asc(segmentMembers.customerId));
}

export type SegmentMemberRow = Awaited<ReturnType<typeof membersQuery>>[number];

/** One page of a segment's members, newest entries first. */
export async function listSegmentMembers(db: Db, key: string, q: z.infer<typeof memberListQuery>) {
  const [items, [total]] = await Promise.all([
    membersQuery(db, key).limit(q.limit).offset(q.offset),
    db
      .select({ n: count() })
      .from(segmentMembers)
      .where(and(eq(segmentMembers.segmentKey, key))),
  ]);
  return { items, total: Number(total?.n ?? 0), limit: q.limit, offset: q.offset };
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
  // Quote always; neutralise spreadsheet formulas in customer-entered text.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The whole segment as CSV, for export (money in rupees with paise, as a spreadsheet expects). */
export async function segmentMembersCsv(db: Db, key: string): Promise<string> {
  const rows = await membersQuery(db, key);
  const header = [
    "customer_id",
    "email",
    "phone",
    "first_name",
    "last_name",
    "city",
    "in_segment_since",
    "reason",
    "orders",
    "lifetime_inr",
    "last_order_at",
  ];
  const lines = rows.map((r) =>
    [
      r.customerId,
      r.email,
      r.phone,
      r.firstName,
      r.lastName,
      r.city,
      r.since,
      r.reason,
      r.ordersCount,
      r.lifetimePaise === null ? null : (r.lifetimePaise / 100).toFixed(2),
      r.lastOrderAt,
    ]
      .map(csvCell)
      .join(","),
  );
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}
