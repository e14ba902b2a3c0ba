import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { Clock } from "@/lib/time";
import { applyMembership, type MembershipChange } from "./apply-membership";
import { refreshCustomerStats } from "./refresh-stats";
import { readSegmentSettings, type SegmentSettings } from "./settings";

/** pg_advisory_xact_lock key that serializes segment runs (any constant unique to this use). */
const SEGMENTS_LOCK_KEY = 7_310_530_001;

export interface RecomputeResult {
  customers: number | "all";
  entered: number;
  left: number;
  /** Per-change detail (targeted runs only). */
  changes: MembershipChange[];
  ms: number;
  /** Of ms, the customer stats refresh (the rest is membership and its history). */
  statsMs: number;
}

/**
 * Incremental: recompute the segments of the customers an order (or customer) event touched.
 * Their stats are rebuilt from the mirror; VIP is scored against everyone's current stats, so
 * other customers' VIP standing moves only at the nightly full recompute.
 */
export async function recomputeSegmentsForCustomers(
  db: Db,
  customerIds: readonly string[],
  clock: Clock,
  settings?: SegmentSettings,
): Promise<RecomputeResult> {
  const targets = [...new Set(customerIds)];
  if (targets.length === 0) return { customers: 0, entered: 0, left: 0, changes: [], ms: 0, statsMs: 0 };
  return run(db, targets, clock, settings);
}

/** Full: every customer, every rule (the nightly cron; also after editing rules or the calendar). */
export async function recomputeAllSegments(
  db: Db,
  clock: Clock,
  settings?: SegmentSettings,
): Promise<RecomputeResult> {
  return run(db, null, clock, settings);
}

async function run(
  db: Db,
  targets: string[] | null,
  clock: Clock,
  settings?: SegmentSettings,
): Promise<RecomputeResult> {
  const started = performance.now();
  const s = settings ?? (await readSegmentSettings(db));
  const now = clock.now();
  const result = await db.transaction(async (tx) => {
    // One run at a time (the nightly full run and order events): the membership statement diffs
    // against segment_members and inserts without "on conflict", which is only safe serialized.
    await tx.execute(sql`select pg_advisory_xact_lock(${SEGMENTS_LOCK_KEY}::bigint)`);
    // These statements are cheap but their row estimates are not (CTEs over generated series), so
    // Postgres would JIT-compile them: seconds of compile for sub-second work.
    await tx.execute(sql`set local jit = off`);
    // The festival calendar expands to generate_series rows the planner overestimates ~30×, so
    // for a full run it sort-merges a million orders against it instead of hashing ~1,400 days.
    // (A larger work_mem was measured too: more CPU, not less, for these hash tables.)
    if (targets === null) await tx.execute(sql`set local enable_mergejoin = off`);
    const statsStarted = performance.now();
    await refreshCustomerStats(tx as unknown as Db, targets, now, s);
    const statsMs = Math.round(performance.now() - statsStarted);
    return { ...(await applyMembership(tx as unknown as Db, targets, now, s)), statsMs };
  });
  return { customers: targets?.length ?? "all", ...result, ms: Math.round(performance.now() - started) };
}
