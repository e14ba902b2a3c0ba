import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardVerdicts } from "@/db/schema";
import { upsertCustomers } from "@/lib/commerce";
import { defaultGuardSettings, saveGuardSettings } from "@/lib/guard";
import { getKpis } from "@/lib/kpi";
import { mirrorChanged, mirrorFullPass, type MirrorEvent } from "@/lib/mirror";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";
import { addLocations, addSku, sell, setStock } from "./guard-store";

/*
 * The mirror fan-out end to end on a real database: a writer upserts, calls mirrorChanged, and the
 * KPI API, the stored guard verdicts and the emitted events follow.
 */
describe.each(engines)("mirrorChanged on %s", (engine) => {
  let t: TestDb;
  const clock = fixedClock("2026-06-10T06:30:00Z");
  const emitted: MirrorEvent[] = [];
  const deps = { clock, emit: (events: MirrorEvent[]) => void emitted.push(...events) };

  beforeAll(async () => {
    t = await testDb(engine);
    await addLocations(t.db);
    await saveGuardSettings(t.db, { ...defaultGuardSettings(), minMarginPct: -100 });
    const createdAt = new Date("2026-05-01T00:00:00Z");
    await addSku(t.db, { sku: "BLK-1", levels: [[40, 0]], createdAt });
    await addSku(t.db, { sku: "BLK-2", levels: [[40, 0]], createdAt });
    await upsertCustomers(t.db, [
      { id: "cus_m1", email: "m1@example.in", createdAt, sourceUpdatedAt: createdAt, groupIds: [] },
    ]);
    // The seeded state: every SKU judged once, as the demo seed and a full sync leave it.
    await mirrorFullPass(t.db, { guard: true, segments: true }, deps);
    emitted.length = 0;
  });
  afterAll(() => t.drop());

  it("an upserted order shows in the KPI API once mirrorChanged ran, and its customer's segments move", async () => {
    const window = { from: "2026-06-10", to: "2026-06-10" } as const;
    const before = await getKpis(t.db, window);
    expect(before.figures.orders.current).toBe(0);

    const orderId = await sell(t.db, "BLK-1", new Date("2026-06-10T05:00:00Z"), {
      unitPricePaise: 123_400,
      quantity: 2,
      customerId: "cus_m1",
    });
    // Without the fan-out the rollups do not know the order yet.
    expect((await getKpis(t.db, window)).figures.orders.current).toBe(0);

    const result = await mirrorChanged(t.db, { kind: "order", ids: [orderId] }, deps);
    const after = await getKpis(t.db, window);
    expect(after.figures.orders.current).toBe(1);
    expect(after.figures.revenue.current).toBe(246_800);
    expect(result.rollups?.customers).toBeGreaterThanOrEqual(1);
    // A first order puts the customer into at least one segment, announced as segments/customer.changed.
    const seg = emitted.filter((e) => e.name === "segments/customer.changed");
    expect(seg.map((e) => e.data.customerId)).toEqual(["cus_m1"]);
    expect((seg[0]!.data.entered as string[]).length).toBeGreaterThan(0);

    // Idempotent: a repeat changes no figure and announces nothing new.
    emitted.length = 0;
    await mirrorChanged(t.db, { kind: "order", ids: [orderId] }, deps);
    expect((await getKpis(t.db, window)).figures.revenue.current).toBe(246_800);
    expect(emitted).toEqual([]);
  });

  it("stock to 0 blocks the SKU and emits inventory/sku.blocked; a restock unblocks it", async () => {
    emitted.length = 0;
    clock.set("2026-06-10T08:00:00Z");
    await setStock(t.db, "BLK-2", [[0, 0]], new Date("2026-06-10T08:00:00Z"));
    const blocked = await mirrorChanged(t.db, { kind: "inventory", ids: ["iitem_BLK-2"] }, deps);
    expect(blocked.verdictChanges.map((c) => [c.sku, c.promotable])).toEqual([["BLK-2", false]]);
    const [row] = await t.db.select().from(guardVerdicts).where(eq(guardVerdicts.sku, "BLK-2"));
    expect(row).toMatchObject({ promotable: false, available: 0 });
    expect(emitted).toEqual([
      {
        name: "inventory/sku.blocked",
        data: expect.objectContaining({
          sku: "BLK-2",
          reasons: [expect.objectContaining({ code: "out_of_stock" })],
          substituteSku: "BLK-1",
          at: "2026-06-10T08:00:00.000Z",
        }),
      },
    ]);

    emitted.length = 0;
    clock.set("2026-06-10T09:00:00Z");
    // Medusa's inventory events carry the level id: that resolves to the SKU too.
    await setStock(t.db, "BLK-2", [[25, 0]], new Date("2026-06-10T09:00:00Z"));
    await mirrorChanged(t.db, { kind: "inventory", ids: ["ilev_BLK-2_0"] }, deps);
    expect(emitted).toEqual([
      {
        name: "inventory/sku.unblocked",
        data: { sku: "BLK-2", reasons: [], substituteSku: null, at: "2026-06-10T09:00:00.000Z" },
      },
    ]);
    const [again] = await t.db.select().from(guardVerdicts).where(eq(guardVerdicts.sku, "BLK-2"));
    expect(again).toMatchObject({ promotable: true, available: 25 });
  });

  it("with Inngest (defer) updates rollups inline and hands guard/segments over as kosha/mirror.changed", async () => {
    const deferred: MirrorEvent[] = [];
    await setStock(t.db, "BLK-1", [[0, 0]], new Date("2026-06-10T10:00:00Z"));
    const r = await mirrorChanged(
      t.db,
      { kind: "inventory", ids: ["iitem_BLK-1", "iitem_BLK-1"] },
      { clock, emit: (e: MirrorEvent[]) => void deferred.push(...e), defer: true },
    );
    expect(r.verdictChanges).toEqual([]);
    expect(deferred).toEqual([
      { name: "kosha/mirror.changed", data: { kind: "inventory", ids: ["iitem_BLK-1"] } },
    ]);
    // Not judged here: the stored verdict is still the promotable one.
    const [row] = await t.db.select().from(guardVerdicts).where(eq(guardVerdicts.sku, "BLK-1"));
    expect(row!.promotable).toBe(true);
  });
});
