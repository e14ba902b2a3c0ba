import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parallelSessions, queryRows } from "@/db";
import { upsertCustomerGroups, upsertCustomers, upsertOrders, type OrderRecord } from "@/lib/commerce";
import {
  defaultSegmentSettings,
  recomputeAllSegments,
  recomputeSegmentsForCustomers,
  SEGMENT_PARTITIONS,
} from "@/lib/segments";
import { fixedClock } from "@/lib/time";
import { testDb, type TestDb } from "../support/db";
import { orderRecord } from "./segments-store";

/*
 * On Postgres a full run is split into hash partitions run side by side (lib/segments/recompute.ts).
 * Checked here against the same run done as one transaction over everyone, on a store varied
 * enough to put customers in every segment, and against targeted runs racing it.
 */

const NOW = new Date("2026-06-01T06:30:00Z");
const DAY = 86_400_000;
const clock = fixedClock(NOW);
const settings = defaultSegmentSettings();
const CUSTOMERS = 400;

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function fillStore(t: TestDb) {
  const r = rng(7);
  await upsertCustomerGroups(t.db, [
    { id: "grp_ws", name: "Wholesale", createdAt: NOW, sourceUpdatedAt: NOW },
  ]);
  await upsertCustomers(
    t.db,
    Array.from({ length: CUSTOMERS }, (_, i) => ({
      id: `cus_${i}`,
      email: `c${i}@example.in`,
      createdAt: new Date(NOW.getTime() - 1500 * DAY),
      sourceUpdatedAt: NOW,
      deletedAt: i % 97 === 0 ? NOW : null,
      ...(i % 50 === 0 ? { groupIds: ["grp_ws"] } : {}),
    })),
  );
  const orders: OrderRecord[] = [];
  for (let i = 0; i < CUSTOMERS * 5; i++) {
    const totalPaise = 50_000 + Math.floor(r() * 300_000) + (r() < 0.01 ? 3_000_000 : 0);
    const units = r() < 0.01 ? 25 : 1 + Math.floor(r() * 3);
    const placedAt = new Date(NOW.getTime() - Math.floor(r() * 1460 * DAY));
    const customerId = `cus_${Math.floor(CUSTOMERS * r() * r())}`;
    orders.push(
      orderRecord(`ord_${i}`, customerId, placedAt, {
        status: r() < 0.05 ? "canceled" : "completed",
        totalPaise,
        units,
        isGift: r() < 0.03,
        shipToDiffers: r() < 0.05,
      }),
    );
  }
  await upsertOrders(t.db, orders);
}

type Member = { segment_key: string; customer_id: string; reason: string };
const members = (t: TestDb) =>
  queryRows<Member>(
    t.db,
    sql`select segment_key, customer_id, reason from segment_members order by segment_key, customer_id`,
  );
const historyCounts = (t: TestDb) =>
  queryRows<{ change: string; n: string | number }>(
    t.db,
    sql`select change, count(*) as n from segment_history group by change order by change`,
  );
const reset = (t: TestDb) =>
  t.db.execute(sql`truncate segment_members, segment_history, segment_customer_stats`);

describe("a full segment run split into partitions on postgres", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb("postgres");
    await fillStore(t);
  });
  afterAll(() => t.drop());

  it("runs its partitions side by side when the pool allows", () => {
    expect(parallelSessions(t.db)).toBeGreaterThanOrEqual(SEGMENT_PARTITIONS);
  });

  it("gives the same members, reasons and history as one transaction over everyone", async () => {
    await reset(t);
    const single = await recomputeAllSegments(t.db, clock, settings, { parallel: false });
    const expected = await members(t);
    const expectedHistory = await historyCounts(t);
    expect(new Set(expected.map((m) => m.segment_key)).size).toBeGreaterThan(8);

    await reset(t);
    const split = await recomputeAllSegments(t.db, clock, settings, { parallel: true });
    expect(await members(t)).toEqual(expected);
    expect(await historyCounts(t)).toEqual(expectedHistory);
    expect({ entered: split.entered, left: split.left }).toEqual({
      entered: single.entered,
      left: single.left,
    });
  });

  it("a day later moves the same customers either way", async () => {
    const later = fixedClock(new Date(NOW.getTime() + 40 * DAY));
    await reset(t);
    await recomputeAllSegments(t.db, clock, settings, { parallel: false });
    const single = await recomputeAllSegments(t.db, later, settings, { parallel: false });
    const expected = await members(t);
    await reset(t);
    await recomputeAllSegments(t.db, clock, settings, { parallel: true });
    const split = await recomputeAllSegments(t.db, later, settings, { parallel: true });
    expect(single.entered + single.left).toBeGreaterThan(0);
    expect({ entered: split.entered, left: split.left }).toEqual({
      entered: single.entered,
      left: single.left,
    });
    expect(await members(t)).toEqual(expected);
  });

  // A scope with no members yet skips the diff (apply-membership.ts, freshTail): it must write
  // what the diff would have, members, reasons and history alike.
  it.each([false, true])(
    "a first run writes what a run diffing a stale membership does (parallel: %s)",
    async (parallel) => {
      await reset(t);
      const first = await recomputeAllSegments(t.db, clock, settings, { parallel });
      const expected = await members(t);
      const [entered] = await historyCounts(t);
      expect(first.entered).toBe(expected.length);
      expect(entered).toEqual({ change: "entered", n: String(expected.length) });

      await reset(t);
      await t.db.execute(sql`
        insert into segment_members (segment_key, customer_id, since, reason)
        select 'stale', 'cus_' || i, now(), 'stale' from generate_series(0, ${CUSTOMERS - 1}) i`);
      const diffed = await recomputeAllSegments(t.db, clock, settings, { parallel });
      expect({ entered: diffed.entered, left: diffed.left }).toEqual({
        entered: expected.length,
        left: CUSTOMERS,
      });
      expect(await members(t)).toEqual(expected);
      expect(await historyCounts(t)).toEqual([entered, { change: "left", n: String(CUSTOMERS) }]);
    },
  );

  it("serialises with targeted runs racing it: no duplicate member, the same end state", async () => {
    await reset(t);
    await recomputeAllSegments(t.db, clock, settings, { parallel: false });
    const expected = await members(t);
    await reset(t);
    const ids = Array.from({ length: 40 }, (_, i) => `cus_${i * 7}`);
    await Promise.all([
      recomputeAllSegments(t.db, clock, settings, { parallel: true }),
      ...[0, 10, 20, 30].map((k) =>
        recomputeSegmentsForCustomers(t.db, ids.slice(k, k + 10), clock, settings),
      ),
    ]);
    expect(await members(t)).toEqual(expected);
  });
});
