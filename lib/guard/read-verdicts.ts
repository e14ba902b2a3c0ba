import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { guardAudit, guardVerdicts, products, variants } from "@/db/schema";

export const verdictListQuery = z.object({
  status: z.enum(["blocked", "all"]).default("blocked"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Stored verdicts for the guard page, blocked first by revenue at risk. */
export async function listVerdicts(db: Db, q: z.infer<typeof verdictListQuery>) {
  const where = q.status === "blocked" ? eq(guardVerdicts.promotable, false) : undefined;
  const rows = await db
    .select({
      sku: guardVerdicts.sku,
      promotable: guardVerdicts.promotable,
      reasons: guardVerdicts.reasons,
      available: guardVerdicts.available,
      since: guardVerdicts.since,
      evaluatedAt: guardVerdicts.evaluatedAt,
      lastSoldAt: guardVerdicts.lastSoldAt,
      substituteSku: guardVerdicts.substituteSku,
      dailyRevenuePaise: guardVerdicts.dailyRevenuePaise,
      title: products.title,
      category: products.category,
    })
    .from(guardVerdicts)
    .leftJoin(variants, eq(variants.sku, guardVerdicts.sku))
    .leftJoin(products, eq(products.id, variants.productId))
    .where(where)
    .orderBy(guardVerdicts.promotable, desc(guardVerdicts.dailyRevenuePaise), guardVerdicts.sku)
    .limit(q.limit)
    .offset(q.offset);
  const [totals] = await db
    .select({
      blocked: sql<number>`count(*) filter (where not ${guardVerdicts.promotable})`.mapWith(Number),
      all: sql<number>`count(*)`.mapWith(Number),
      revenueAtRiskPaise:
        sql<number>`coalesce(sum(${guardVerdicts.dailyRevenuePaise}) filter (where not ${guardVerdicts.promotable}), 0)`.mapWith(
          Number,
        ),
    })
    .from(guardVerdicts);
  return { items: rows, totals: totals ?? { blocked: 0, all: 0, revenueAtRiskPaise: 0 } };
}

export const auditListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Keyset paging: rows with an id below this one. */
  before: z.coerce.number().int().positive().optional(),
  sku: z.string().min(1).optional(),
});

export async function listAudit(db: Db, q: z.infer<typeof auditListQuery>) {
  const items = await db
    .select()
    .from(guardAudit)
    .where(
      and(q.before ? lt(guardAudit.id, q.before) : undefined, q.sku ? eq(guardAudit.sku, q.sku) : undefined),
    )
    .orderBy(desc(guardAudit.id))
    .limit(q.limit);
  return { items, nextBefore: items.length === q.limit ? items.at(-1)!.id : null };
}
