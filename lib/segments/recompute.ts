import { sql } from "drizzle-orm";
import { parallelSessions, type Db } from "@/db";
import type { Clock } from "@/lib/time";
import { applyMembership, type MembershipChange } from "./apply-membership";
import { refreshCustomerStats } from "./refresh-stats";
import { readSegmentSettings, type SegmentSettings } from "./settings";
import { isBulk, partitionOf, type Scope } from "./sql-fragments";

/**
 * pg_advisory_xact_lock keys that serialize segment runs, one per partition (constants unique to
 * this use): SEGMENTS_LOCK_KEY + partition.
 */
const SEGMENTS_LOCK_KEY = 7_310_530_001;

/*
 * A full run on Postgres is split into hash partitions of the customers, each partition's stats
 * and then its membership in a transaction of its own, the partitions side by side: one segment
 * statement keeps one core busy, and a first run writing ~900k members and as many history rows
 * is mostly that. Every run, full or targeted, locks the partitions it touches (ascending), so a
 * partition is only ever recomputed by one run at a time.
 */
export const SEGMENT_PARTITIONS = 2;

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
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return { customers: 0, entered: 0, left: 0, changes: [], ms: 0, statsMs: 0 };
  const started = performance.now();
  const s = settings ?? (await readSegmentSettings(db));
  const r = await inTransaction(db, { kind: "customers", ids }, clock.now(), s, "both");
  return { customers: ids.length, ...r, ms: Math.round(performance.now() - started) };
}

export interface FullRunOptions {
  /**
   * Run the partitions side by side (default: when the handle has the sessions for it). Off, the
   * whole run is one transaction, as it always is on PGlite.
   */
  parallel?: boolean;
}

/** Full: every customer, every rule (the nightly cron; also after editing rules or the calendar). */
export async function recomputeAllSegments(
  db: Db,
  clock: Clock,
  settings?: SegmentSettings,
  opts: FullRunOptions = {},
): Promise<RecomputeResult> {
  const started = performance.now();
  const s = settings ?? (await readSegmentSettings(db));
  const now = clock.now();
  const parallel = opts.parallel ?? parallelSessions(db) >= SEGMENT_PARTITIONS;
  if (!parallel) {
    const r = await inTransaction(db, { kind: "all" }, now, s, "both");
    return { customers: "all", ...r, ms: Math.round(performance.now() - started) };
  }
  const parts: Scope[] = Array.from({ length: SEGMENT_PARTITIONS }, (_, index) => ({
    kind: "partition",
    index,
    of: SEGMENT_PARTITIONS,
  }));
  // Every partition's stats first: membership ranks RFM against all customers' stats, so no
  // partition may be scored while another's stats are a day old.
  await Promise.all(parts.map((p) => inTransaction(db, p, now, s, "stats")));
  const statsMs = Math.round(performance.now() - started);
  const runs = await Promise.all(parts.map((p) => inTransaction(db, p, now, s, "membership")));
  return {
    customers: "all",
    entered: runs.reduce((n, r) => n + r.entered, 0),
    left: runs.reduce((n, r) => n + r.left, 0),
    changes: [],
    ms: Math.round(performance.now() - started),
    statsMs,
  };
}

/** One transaction over a scope: its stats, its membership, or both (stats first). */
async function inTransaction(
  db: Db,
  scope: Scope,
  now: Date,
  s: SegmentSettings,
  what: "stats" | "membership" | "both",
): Promise<Omit<RecomputeResult, "customers" | "ms">> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    await lockPartitions(tx, scope);
    // These statements are cheap but their row estimates are not (CTEs over generated series), so
    // Postgres would JIT-compile them: seconds of compile for sub-second work.
    await tx.execute(sql`set local jit = off`);
    // The festival calendar expands to generate_series rows the planner overestimates ~30×, so
    // for a full run it sort-merges a million orders against it instead of hashing ~1,400 days.
    // (A larger work_mem was measured too: more CPU, not less, for these hash tables.)
    if (isBulk(scope)) await tx.execute(sql`set local enable_mergejoin = off`);
    let statsMs = 0;
    if (what !== "membership") {
      const t0 = performance.now();
      await refreshCustomerStats(tx, scope, now, s);
      statsMs = Math.round(performance.now() - t0);
    }
    if (what === "stats") return { entered: 0, left: 0, changes: [], statsMs };
    return { ...(await applyMembership(tx, scope, now, s)), statsMs };
  });
}

/**
 * The partitions a run touches, locked in ascending order (so two runs never wait on each other
 * in a cycle). The membership statement diffs against segment_members and inserts without
 * "on conflict", which is only safe while no other run works on the same customers.
 */
async function lockPartitions(tx: Db, scope: Scope): Promise<void> {
  const key = (p: ReturnType<typeof sql>) => sql`(${SEGMENTS_LOCK_KEY}::bigint + ${p})`;
  if (scope.kind === "partition") {
    await tx.execute(sql`select pg_advisory_xact_lock(${key(sql`${scope.index}::int`)})`);
    return;
  }
  const partitions =
    scope.kind === "all"
      ? sql`select generate_series(0, ${SEGMENT_PARTITIONS - 1}::int) as p`
      : sql`select distinct ${partitionOf(sql`id`, SEGMENT_PARTITIONS)} as p
              from jsonb_array_elements_text(${JSON.stringify(scope.ids)}::jsonb) id`;
  await tx.execute(sql`select pg_advisory_xact_lock(${key(sql`p`)}) from (${partitions} order by 1) parts`);
}
