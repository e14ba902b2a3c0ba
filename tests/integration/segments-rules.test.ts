import { and, asc, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentHistory, segmentMembers } from "@/db/schema";
import {
  defaultSegmentSettings,
  listFestivalWindows,
  monthsBefore,
  recomputeAllSegments,
  recomputeSegmentsForCustomers,
  updateFestivalWindow,
  type SegmentSettings,
} from "@/lib/segments";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";
import { segmentStore } from "./segments-store";

const NOW = new Date("2026-06-01T06:30:00Z");
const DAY = 86_400_000;
const ago = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY - extraMs);
const settings: SegmentSettings = defaultSegmentSettings();

describe.each(engines)("segment rules on %s", (engine) => {
  let t: TestDb;
  let store: ReturnType<typeof segmentStore>;
  const clock = fixedClock(NOW);

  async function segmentsOf(customerId: string): Promise<string[]> {
    const rows = await t.db
      .select({ key: segmentMembers.segmentKey })
      .from(segmentMembers)
      .where(eq(segmentMembers.customerId, customerId))
      .orderBy(asc(segmentMembers.segmentKey));
    return rows.map((r) => r.key);
  }
  const base = async (id: string) => (await segmentsOf(id)).filter((k) => !k.startsWith("festival:"));

  beforeAll(async () => {
    t = await testDb(engine);
    store = segmentStore(t.db);
    const c = async (id: string, opts?: Parameters<typeof store.customer>[1]) => store.customer(id, opts);
    // new / repeat: counted = not canceled
    await c("c_new");
    await store.order("c_new", ago(10));
    await store.order("c_new", ago(5), { status: "canceled" });
    await c("c_canceled_only");
    await store.order("c_canceled_only", ago(5), { status: "canceled" });
    await c("c_repeat");
    await store.order("c_repeat", ago(30));
    await store.order("c_repeat", ago(10));
    // at risk: gaps 10, 40, 100 → median 40 → at risk beyond 60 days since the last order
    for (const [id, since] of [
      ["c_risk_at", ago(60)],
      ["c_risk_over", ago(60, 60_000)],
      ["c_risk_under", ago(59)],
    ] as const) {
      await c(id);
      const last = since.getTime();
      for (const back of [150, 50, 10, 0]) await store.order(id, new Date(last - back * DAY));
    }
    // churned: no counted order for 365 days; an old repeat buyer is churned, not at risk
    await c("c_churn_at");
    await store.order("c_churn_at", ago(365));
    await c("c_churn_under");
    await store.order("c_churn_under", ago(365, -60_000));
    await c("c_churn_repeat");
    await store.order("c_churn_repeat", ago(500));
    await store.order("c_churn_repeat", ago(400));
    // wholesale: group membership or one big order (₹25,000 or 20 units)
    await store.group("grp_ws", "Wholesale");
    await store.group("grp_retail", "Retail club");
    await c("c_ws_group", { groupIds: ["grp_ws"] });
    await store.order("c_ws_group", ago(3));
    await c("c_ws_retail", { groupIds: ["grp_retail"] });
    await store.order("c_ws_retail", ago(3));
    await c("c_ws_value_at");
    await store.order("c_ws_value_at", ago(3), { totalPaise: 2_500_000 });
    await c("c_ws_value_under");
    await store.order("c_ws_value_under", ago(3), { totalPaise: 2_499_999 });
    await store.order("c_ws_value_under", ago(2), { totalPaise: 9_000_000, status: "canceled" });
    await c("c_ws_units_at");
    await store.order("c_ws_units_at", ago(3), { units: 20 });
    await c("c_ws_units_under");
    await store.order("c_ws_units_under", ago(3), { units: 19 });
    // gifting
    await c("c_gift_flag");
    await store.order("c_gift_flag", ago(3), { isGift: true });
    await c("c_gift_note");
    await store.order("c_gift_note", ago(3), { giftNote: "Happy Diwali, Maa" });
    await c("c_gift_shipto");
    await store.order("c_gift_shipto", ago(3), { shipToDiffers: true });
    await c("c_gift_none");
    await store.order("c_gift_none", ago(3), { giftNote: "" });
    // festival: Diwali 2025 runs 2025-09-29 to 2025-10-23 in IST (18:30 UTC the day before)
    for (const [id, at] of [
      ["c_diw_first", "2025-09-28T18:30:00Z"],
      ["c_diw_before", "2025-09-28T18:29:59Z"],
      ["c_diw_last", "2025-10-23T18:29:59Z"],
      ["c_diw_after", "2025-10-23T18:30:00Z"],
    ] as const) {
      await c(id);
      await store.order(id, new Date(at));
    }
    await c("c_deleted", { deletedAt: ago(1) });
    await store.order("c_deleted", ago(3));

    const r = await recomputeAllSegments(t.db, clock, settings);
    expect(r.entered).toBeGreaterThan(0);
  });
  afterAll(() => t.drop());

  it("new is exactly one counted order, repeat two or more", async () => {
    expect(await base("c_new")).toEqual(expect.arrayContaining(["new"]));
    expect(await base("c_new")).not.toContain("repeat");
    expect(await segmentsOf("c_canceled_only")).toEqual([]);
    expect(await base("c_repeat")).toContain("repeat");
    expect(await base("c_repeat")).not.toContain("new");
  });

  it("at risk only past 1.5 × the median gap", async () => {
    expect(await base("c_risk_at")).not.toContain("at_risk");
    expect(await base("c_risk_over")).toContain("at_risk");
    expect(await base("c_risk_under")).not.toContain("at_risk");
  });

  it("churned at 365 days without an order; churned is not also at risk", async () => {
    expect(await base("c_churn_at")).toContain("churned");
    expect(await base("c_churn_under")).not.toContain("churned");
    expect(await base("c_churn_repeat")).toEqual(expect.arrayContaining(["churned", "repeat"]));
    expect(await base("c_churn_repeat")).not.toContain("at_risk");
  });

  it("wholesale by group name or by one counted order's size", async () => {
    expect(await base("c_ws_group")).toContain("wholesale");
    expect(await base("c_ws_retail")).not.toContain("wholesale");
    expect(await base("c_ws_value_at")).toContain("wholesale");
    expect(await base("c_ws_value_under")).not.toContain("wholesale");
    expect(await base("c_ws_units_at")).toContain("wholesale");
    expect(await base("c_ws_units_under")).not.toContain("wholesale");
  });

  it("gifting by gift flag, gift note or a different ship-to", async () => {
    for (const id of ["c_gift_flag", "c_gift_note", "c_gift_shipto"])
      expect(await base(id)).toContain("gifting");
    expect(await base("c_gift_none")).not.toContain("gifting");
  });

  it("festival buyers by IST calendar day, both window days inclusive", async () => {
    expect(await segmentsOf("c_diw_first")).toContain("festival:diwali:2025");
    expect(await segmentsOf("c_diw_before")).not.toContain("festival:diwali:2025");
    expect(await segmentsOf("c_diw_last")).toContain("festival:diwali:2025");
    expect(await segmentsOf("c_diw_after")).not.toContain("festival:diwali:2025");
  });

  it("follows the calendar when the owner edits a window, recording who left and entered", async () => {
    const [w] = (await listFestivalWindows(t.db, 2025)).filter((x) => x.festival === "diwali");
    await updateFestivalWindow(t.db, w!.id, { ...w!, startsOn: "2025-09-30", endsOn: "2025-10-24" });
    await recomputeAllSegments(t.db, clock, settings);
    expect(await segmentsOf("c_diw_first")).not.toContain("festival:diwali:2025");
    expect(await segmentsOf("c_diw_after")).toContain("festival:diwali:2025");
    const left = await t.db
      .select()
      .from(segmentHistory)
      .where(and(eq(segmentHistory.customerId, "c_diw_first"), eq(segmentHistory.change, "left")));
    expect(left.map((h) => h.segmentKey)).toEqual(["festival:diwali:2025"]);
    await updateFestivalWindow(t.db, w!.id, w!);
    await recomputeAllSegments(t.db, clock, settings);
    expect(await segmentsOf("c_diw_first")).toContain("festival:diwali:2025");
  });

  it("scores VIP by RFM quintiles, matching a reference computation at the threshold", async () => {
    // Reference: population = customers with a counted order in the last 24 months (not deleted).
    const cutoff = monthsBefore(NOW, 24).getTime();
    const per = new Map<string, { last: number; f: number; m: number }>();
    for (const o of store.orders) {
      if (o.status === "canceled" || o.customerId === "c_deleted" || !o.customerId) continue;
      const e = per.get(o.customerId) ?? { last: 0, f: 0, m: 0 };
      e.last = Math.max(e.last, o.placedAt.getTime());
      if (o.placedAt.getTime() >= cutoff) {
        e.f += 1;
        e.m += o.totalPaise - (o.refundedPaise ?? 0);
      }
      per.set(o.customerId, e);
    }
    const pop = [...per.entries()].filter(([, e]) => e.last >= cutoff);
    const score = (v: number, all: number[]) =>
      1 + Math.floor((5 * all.filter((x) => x < v).length) / all.length);
    const lasts = pop.map(([, e]) => e.last);
    const fs = pop.map(([, e]) => e.f);
    const ms = pop.map(([, e]) => e.m);
    const total = new Map(pop.map(([id, e]) => [id, score(e.last, lasts) + score(e.f, fs) + score(e.m, ms)]));
    const expected = (min: number) =>
      [...total]
        .filter(([, s]) => s >= min)
        .map(([id]) => id)
        .sort();
    const members = async () =>
      (await t.db.select().from(segmentMembers).where(eq(segmentMembers.segmentKey, "vip")))
        .map((r) => r.customerId)
        .sort();
    expect(await members()).toEqual(expected(13));
    // Thresholds at a score somebody has exactly, one over and one under.
    const scores = [...new Set(total.values())].sort((a, b) => b - a);
    const edge = scores[1]!;
    expect(expected(edge).length).toBeGreaterThan(expected(edge + 1).length);
    for (const min of [edge + 1, edge, edge - 1]) {
      await recomputeAllSegments(t.db, clock, { ...settings, vipMinScore: min });
      expect(await members(), `vipMinScore ${min}`).toEqual(expected(min));
    }
    // Every customer of the population is VIP at a threshold of 3: each one's reason then carries
    // the three dimension scores, compared one by one with the reference (ties included).
    await recomputeAllSegments(t.db, clock, { ...settings, vipMinScore: 3 });
    const reasons = await t.db.select().from(segmentMembers).where(eq(segmentMembers.segmentKey, "vip"));
    const got = new Map(reasons.map((r) => [r.customerId, r.reason]));
    const want = new Map(
      pop.map(([id, e]) => {
        const [r, f, m] = [score(e.last, lasts), score(e.f, fs), score(e.m, ms)];
        return [id, `RFM ${r}+${f}+${m} = ${r + f + m}`];
      }),
    );
    expect(got).toEqual(want);
    await recomputeAllSegments(t.db, clock, settings);
    expect(await members()).toEqual(expected(13));
  });

  it("excludes deleted customers", async () => {
    expect(await segmentsOf("c_deleted")).toEqual([]);
  });

  it("recomputes one customer on an order event and records entered/left with why", async () => {
    clock.set(new Date(NOW.getTime() + 3_600_000));
    await store.order("c_new", new Date(NOW.getTime() + 60_000), { isGift: true });
    const r = await recomputeSegmentsForCustomers(t.db, ["c_new"], clock, settings);
    // VIP standing is checked against the reference above; here the count-based rules.
    const moves = r.changes
      .filter((c) => c.segmentKey !== "vip")
      .map((c) => `${c.change}:${c.segmentKey}`)
      .sort();
    expect(moves).toEqual(["entered:gifting", "entered:repeat", "left:new"]);
    const history = await t.db
      .select()
      .from(segmentHistory)
      .where(
        and(
          eq(segmentHistory.customerId, "c_new"),
          eq(segmentHistory.at, clock.now()),
          ne(segmentHistory.segmentKey, "vip"),
        ),
      )
      .orderBy(asc(segmentHistory.segmentKey));
    expect(history.map((h) => [h.segmentKey, h.change, h.reason])).toEqual([
      ["gifting", "entered", "Gift order, gift note or a different ship-to address"],
      ["new", "left", "No longer matches: 2 counted orders, last 0 days ago"],
      ["repeat", "entered", "2 counted orders"],
    ]);
    // Nothing else moved, and a second run is a no-op.
    expect((await recomputeSegmentsForCustomers(t.db, ["c_new"], clock, settings)).changes).toEqual([]);
    // The full run agrees with the incremental one about this customer (others move: an hour passed).
    const before = await segmentsOf("c_new");
    await recomputeAllSegments(t.db, clock, settings);
    expect(await segmentsOf("c_new")).toEqual(before);
    expect(await base("c_risk_at")).toContain("at_risk");
    clock.set(NOW);
  });
});
