import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { addDays, daysInclusive, type IstDay } from "@/lib/time";
import { applyToRollups } from "./apply";
import { insertCartFactsActiveBetween } from "./cart-facts";
import { rebuildAllCustomers } from "./customers";
import {
  recomputeDailyCarts,
  recomputeDailyCohorts,
  recomputeMonthlyCohorts,
  recomputeDailyOrders,
  recomputeDailySessions,
  recomputeDailySpend,
} from "./daily";
import { withRollupLock } from "./lock";
import { insertOrderFactsPlacedBetween } from "./order-facts";

export interface RebuildOptions {
  /** Recompute only these IST days (and the customers/carts on them); both or neither. */
  from?: IstDay;
  to?: IstDay;
  onProgress?: (message: string) => void;
}

const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Recomputes the rollups from the source tables: everything (truncate and refill, in one
 * transaction, so readers see the old figures until it commits), or the days from..to through
 * the incremental path a week at a time.
 */
export async function rebuildRollups(db: Db, opts: RebuildOptions = {}): Promise<void> {
  const say = opts.onProgress ?? (() => {});
  if (opts.from || opts.to) {
    if (!opts.from || !opts.to) throw new RangeError("rebuildRollups needs both from and to, or neither");
    const total = daysInclusive(opts.from, opts.to);
    if (total < 1) throw new RangeError(`to (${opts.to}) is before from (${opts.from})`);
    for (let i = 0; i < total; i += 7) {
      const days = Array.from({ length: Math.min(7, total - i) }, (_, j) => addDays(opts.from!, i + j));
      await applyToRollups(db, { days });
      say(`days ${days[0]}..${days[days.length - 1]} (${Math.min(i + 7, total)}/${total})`);
    }
    return;
  }
  await withRollupLock(db, async (tx) => {
    await tx.execute(sql`truncate kpi_order_facts, kpi_cart_facts, kpi_customers, kpi_daily_orders,
      kpi_daily_sessions, kpi_daily_carts, kpi_daily_spend, kpi_daily_cohorts, kpi_monthly_cohorts`);
    await inMonths(
      tx,
      sql`select extract(epoch from min(placed_at)) as lo, extract(epoch from max(placed_at)) as hi from orders`,
      "order facts",
      say,
      (a, b) => insertOrderFactsPlacedBetween(tx, a, b),
    );
    await inMonths(
      tx,
      sql`select extract(epoch from min(last_activity_at)) as lo, extract(epoch from max(last_activity_at)) as hi
          from carts`,
      "cart facts",
      say,
      (a, b) => insertCartFactsActiveBetween(tx, a, b),
    );
    await rebuildAllCustomers(tx);
    say("customers");
    await recomputeDailyOrders(tx, null);
    say("daily orders");
    await recomputeDailyCohorts(tx, null);
    await recomputeMonthlyCohorts(tx, null);
    say("daily cohorts");
    await recomputeDailyCarts(tx, null);
    say("daily carts");
    await recomputeDailySessions(tx, null);
    say("daily sessions");
    await recomputeDailySpend(tx, null);
    say("daily spend");
  });
}

async function inMonths(
  db: Db,
  bounds: ReturnType<typeof sql>,
  label: string,
  say: (m: string) => void,
  step: (start: Date, end: Date) => Promise<void>,
): Promise<void> {
  // Epoch seconds (numeric): engines disagree on how they return timestamps from raw SQL.
  const [row] = await queryRows<{ lo: string | number | null; hi: string | number | null }>(db, bounds);
  if (row?.lo == null || row.hi == null) return;
  const lo = Math.floor(Number(row.lo) * 1000);
  const hi = Math.floor(Number(row.hi) * 1000) + 1;
  const steps = Math.max(1, Math.ceil((hi - lo) / MONTH_MS));
  for (let i = 0; i < steps; i++) {
    const start = new Date(lo + i * MONTH_MS);
    const end = new Date(i === steps - 1 ? hi : lo + (i + 1) * MONTH_MS);
    await step(start, end);
    say(`${label}: ${i + 1}/${steps}`);
  }
}
