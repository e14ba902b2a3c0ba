import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardVerdicts } from "@/db/schema";
import {
  defaultGuardSettings,
  guardPromotion,
  reevaluateSkus,
  saveGuardSettings,
  skusAffectedBy,
  verdictEvents,
} from "@/lib/guard";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";
import { addLocations, addSku, sell, setStock } from "./guard-store";

describe.each(engines)("live verdicts on %s", (engine) => {
  let t: TestDb;
  const clock = fixedClock("2026-06-01T06:30:00Z");
  beforeAll(async () => {
    t = await testDb(engine);
    await addLocations(t.db);
    await saveGuardSettings(t.db, { ...defaultGuardSettings(), minMarginPct: -100 });
    const createdAt = new Date("2026-05-01T00:00:00Z");
    await addSku(t.db, { sku: "A", levels: [[5, 0]], createdAt });
    await addSku(t.db, { sku: "B", levels: [[5, 0]], createdAt });
    await addSku(t.db, { sku: "C", levels: [[0, 0]], createdAt, productId: "prod_shared" });
    await addSku(t.db, { sku: "D", levels: [[9, 0]], createdAt, productId: "prod_shared" });
  });
  afterAll(() => t.drop());

  it("reports a first-seen blocked SKU as a change, a first-seen promotable one not", async () => {
    const changes = await reevaluateSkus(t.db, ["A", "B", "C"], clock);
    expect(changes.map((c) => [c.sku, c.was, c.promotable])).toEqual([["C", null, false]]);
    expect(changes[0]!.substituteSku).toBe("A");
  });

  it("records when a SKU becomes blocked and keeps that time while it stays blocked", async () => {
    clock.set("2026-06-02T10:00:00Z");
    await setStock(t.db, "A", [[2, 0]], new Date("2026-06-02T10:00:00Z"));
    const changes = await reevaluateSkus(t.db, ["A", "B"], clock);
    expect(changes.map((c) => [c.sku, c.was, c.promotable, c.reasons.map((r) => r.code)])).toEqual([
      ["A", true, false, ["low_stock"]],
    ]);
    clock.set("2026-06-03T10:00:00Z");
    expect(await reevaluateSkus(t.db, ["A"], clock)).toEqual([]);
    const [row] = await t.db.select().from(guardVerdicts).where(eq(guardVerdicts.sku, "A"));
    expect(row).toMatchObject({ promotable: false, since: new Date("2026-06-02T10:00:00Z"), available: 2 });
    expect(row!.evaluatedAt).toEqual(new Date("2026-06-03T10:00:00Z"));
  });

  it("reports the unblock when stock returns, with the events to emit", async () => {
    clock.set("2026-06-04T10:00:00Z");
    await setStock(t.db, "A", [[3, 0]], new Date("2026-06-04T10:00:00Z"));
    const changes = await reevaluateSkus(t.db, ["A"], clock);
    expect(verdictEvents(changes, clock.now())).toEqual([
      {
        name: "inventory/sku.unblocked",
        data: { sku: "A", reasons: [], substituteSku: null, at: "2026-06-04T10:00:00.000Z" },
      },
    ]);
  });

  it("stores average daily revenue over 28 days and the last sale", async () => {
    await sell(t.db, "B", new Date("2026-05-20T00:00:00Z"), { quantity: 2, unitPricePaise: 140_000 });
    await sell(t.db, "B", new Date("2026-05-01T00:00:00Z"), { unitPricePaise: 999_999 }); // outside 28 days
    await sell(t.db, "B", new Date("2026-06-01T00:00:00Z"), { status: "canceled" });
    await reevaluateSkus(t.db, ["B"], clock);
    const [row] = await t.db.select().from(guardVerdicts).where(eq(guardVerdicts.sku, "B"));
    expect(row!.dailyRevenuePaise).toBe(10_000); // 280,000 / 28
    expect(row!.lastSoldAt).toEqual(new Date("2026-05-20T00:00:00Z"));
  });

  it("never lets a stale stored verdict through: the gate re-reads stock", async () => {
    // Stock of B drops to zero without any reevaluation (a delayed or lost event).
    await setStock(t.db, "B", [[0, 0]], new Date("2026-06-04T11:00:00Z"));
    const [row] = await t.db.select().from(guardVerdicts).where(eq(guardVerdicts.sku, "B"));
    expect(row!.promotable).toBe(true);
    const d = await guardPromotion(t.db, { surface: "recovery", skus: ["B"], allowSwap: false }, { clock });
    expect([...d.allowed]).toEqual([]);
    expect(d.blocked.map((b) => b.sku)).toEqual(["B"]);
  });

  it("maps mirror changes to the SKUs they can move", async () => {
    const orderId = await sell(t.db, "D", new Date("2026-06-01T00:00:00Z"));
    expect(await skusAffectedBy(t.db, { kind: "inventory", ids: ["ilev_A_0"] })).toEqual(["A"]);
    expect(await skusAffectedBy(t.db, { kind: "inventory", ids: ["iitem_B", "nope"] })).toEqual(["B"]);
    expect(await skusAffectedBy(t.db, { kind: "product", ids: ["prod_shared"] })).toEqual(["C", "D"]);
    expect(await skusAffectedBy(t.db, { kind: "variant", ids: ["var_A", "var_C"] })).toEqual(["A", "C"]);
    expect(await skusAffectedBy(t.db, { kind: "order", ids: [orderId] })).toEqual(["D"]);
    expect(await skusAffectedBy(t.db, { kind: "order", ids: [] })).toEqual([]);
  });
});
