import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardReevaluateFunction } from "@/inngest/functions/guard-reevaluate";
import { createSegmentsOnChangeFunction } from "@/inngest/functions/segments-recompute";
import { defaultGuardSettings, saveGuardSettings } from "@/lib/guard";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";
import { addLocations, addSku, sell, setStock } from "./guard-store";
import { segmentStore } from "./segments-store";

describe.each(engines)("guard and segment Inngest functions on %s", (engine) => {
  let t: TestDb;
  const clock = fixedClock("2026-06-01T06:30:00Z");
  beforeAll(async () => {
    t = await testDb(engine);
    await addLocations(t.db);
    await saveGuardSettings(t.db, { ...defaultGuardSettings(), minMarginPct: -100 });
    await addSku(t.db, { sku: "A", levels: [[5, 0]], createdAt: new Date("2026-05-01T00:00:00Z") });
    await addSku(t.db, { sku: "B", levels: [[5, 0]], createdAt: new Date("2026-05-01T00:00:00Z") });
  });
  afterAll(() => t.drop());

  const guardFn = () => createGuardReevaluateFunction({ getDb: async () => t.db, clock });
  const run = (kind: string, ids: string[]) =>
    new InngestTestEngine({ function: guardFn() }).execute({
      events: [{ name: "kosha/mirror.changed", data: { kind, ids } }],
      // No Inngest server in tests: the send step answers as Inngest would.
      steps: [{ id: "announce", handler: () => ({ ids: ["evt"] }) }],
    });

  it("announces inventory/sku.blocked when a stock change blocks a SKU, then sku.unblocked", async () => {
    await run("inventory", ["ilev_A_0", "ilev_B_0"]);
    await setStock(t.db, "A", [[0, 0]], new Date("2026-06-01T06:00:00Z"));
    const blocked = await run("inventory", ["ilev_A_0"]);
    expect(blocked.result).toEqual({ changes: 1 });
    expect(blocked.ctx.step.sendEvent).toHaveBeenCalledWith("announce", [
      expect.objectContaining({
        name: "inventory/sku.blocked",
        data: expect.objectContaining({
          sku: "A",
          substituteSku: "B",
          reasons: [expect.objectContaining({ code: "out_of_stock" })],
        }),
      }),
    ]);
    await setStock(t.db, "A", [[4, 0]], new Date("2026-06-01T06:10:00Z"));
    const unblocked = await run("inventory", ["iitem_A"]);
    expect(unblocked.ctx.step.sendEvent).toHaveBeenCalledWith("announce", [
      expect.objectContaining({
        name: "inventory/sku.unblocked",
        data: expect.objectContaining({ sku: "A" }),
      }),
    ]);
  });

  it("ignores kinds the guard does not judge, and sends nothing when nothing changed", async () => {
    expect((await run("customer", ["cus_1"])).result).toEqual({ skus: 0, changes: 0 });
    const quiet = await run("product", ["prod_A"]);
    expect(quiet.result).toEqual({ changes: 0 });
    expect(quiet.ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  it("recomputes the buyer's segments on an order change and announces segments/customer.changed", async () => {
    await segmentStore(t.db).customer("cus_9");
    const orderId = await sell(t.db, "B", new Date("2026-05-31T06:30:00Z"), { customerId: "cus_9" });
    const fn = createSegmentsOnChangeFunction({ getDb: async () => t.db, clock });
    const { result, ctx } = await new InngestTestEngine({ function: fn }).execute({
      events: [{ name: "kosha/mirror.changed", data: { kind: "order", ids: [orderId] } }],
      steps: [{ id: "announce", handler: () => ({ ids: ["evt"] }) }],
    });
    expect(result).toEqual({ changed: 1 });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("announce", [
      expect.objectContaining({
        name: "segments/customer.changed",
        data: expect.objectContaining({
          customerId: "cus_9",
          left: [],
          entered: expect.arrayContaining(["new"]),
        }),
      }),
    ]);
  });
});
