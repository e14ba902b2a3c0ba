import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { guardVerdicts } from "@/db/schema";
import type { Clock } from "@/lib/time";
import { checkSkus } from "./check-skus";
import { readGuardSettings, type GuardSettings } from "./settings";
import { substituteFor } from "./substitute";
import type { Reason } from "./verdict";

const REVENUE_DAYS = 28;

export interface VerdictChange {
  sku: string;
  /** null when the SKU had no stored verdict before. */
  was: boolean | null;
  promotable: boolean;
  reasons: Reason[];
  substituteSku: string | null;
}

/**
 * Recomputes and stores the verdict of the given SKUs (with the exact last sale and recent revenue
 * read from order history) and returns the SKUs whose promotability changed, so the caller emits
 * inventory/sku.blocked or inventory/sku.unblocked. A SKU seen for the first time counts as a
 * change only when it is blocked: "unblocked" means it was blocked before.
 */
export async function reevaluateSkus(
  db: Db,
  skus: readonly string[],
  clock: Clock,
  settings?: GuardSettings,
): Promise<VerdictChange[]> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return [];
  const s = settings ?? (await readGuardSettings(db));
  const now = clock.now();
  const json = JSON.stringify(unique);
  const sales = await queryRows<{
    sku: string;
    last_sold_at: string | Date | null;
    revenue: string | number;
  }>(
    db,
    sql`select v.sku,
               max(o.placed_at) as last_sold_at,
               coalesce(sum(oi.total_paise) filter (where o.placed_at >= ${new Date(now.getTime() - REVENUE_DAYS * 86_400_000).toISOString()}::timestamptz), 0) as revenue
          from variants v
          left join order_items oi on oi.variant_id = v.id
          left join orders o on o.id = oi.order_id and o.status <> 'canceled'
         where v.sku in (select jsonb_array_elements_text(${json}::jsonb))
         group by v.sku`,
  );
  const lastSoldAt = new Map(
    sales.map((r) => [r.sku, r.last_sold_at === null ? null : new Date(r.last_sold_at)]),
  );
  const revenue = new Map(sales.map((r) => [r.sku, Math.round(Number(r.revenue) / REVENUE_DAYS)]));
  const verdicts = await checkSkus(db, unique, { clock, settings: s, lastSoldAt });
  const previous = new Map(
    (
      await queryRows<{ sku: string; promotable: boolean; since: string | Date }>(
        db,
        sql`select sku, promotable, since from guard_verdicts where sku in (select jsonb_array_elements_text(${json}::jsonb))`,
      )
    ).map((r) => [r.sku, r]),
  );

  const changes: VerdictChange[] = [];
  const rows = [];
  for (const sku of unique) {
    const v = verdicts.get(sku)!;
    const prev = previous.get(sku);
    const sub = v.promotable ? null : await substituteFor(db, sku, { clock, settings: s });
    const changed = prev ? prev.promotable !== v.promotable : !v.promotable;
    if (changed) {
      changes.push({
        sku,
        was: prev?.promotable ?? null,
        promotable: v.promotable,
        reasons: v.reasons,
        substituteSku: sub?.sku ?? null,
      });
    }
    rows.push({
      sku,
      promotable: v.promotable,
      reasons: v.reasons,
      available: v.available,
      since: prev && prev.promotable === v.promotable ? new Date(prev.since) : now,
      evaluatedAt: now,
      lastSoldAt: lastSoldAt.get(sku) ?? null,
      substituteSku: sub?.sku ?? null,
      dailyRevenuePaise: revenue.get(sku) ?? 0,
    });
  }
  await db
    .insert(guardVerdicts)
    .values(rows)
    .onConflictDoUpdate({
      target: guardVerdicts.sku,
      set: {
        promotable: sql`excluded.promotable`,
        reasons: sql`excluded.reasons`,
        available: sql`excluded.available`,
        since: sql`excluded.since`,
        evaluatedAt: sql`excluded.evaluated_at`,
        lastSoldAt: sql`excluded.last_sold_at`,
        substituteSku: sql`excluded.substitute_sku`,
        dailyRevenuePaise: sql`excluded.daily_revenue_paise`,
      },
    });
  return changes;
}

/** Every SKU in the mirror, for the nightly sweep (dead is a matter of time passing, not events). */
export async function allSkus(db: Db): Promise<string[]> {
  const rows = await queryRows<{ sku: string }>(
    db,
    sql`select sku from variants where sku is not null order by sku`,
  );
  return rows.map((r) => r.sku);
}
