import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkSkus,
  defaultGuardSettings,
  reevaluateSkus,
  saveGuardSettings,
  type GuardSettings,
} from "@/lib/guard";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";
import { addLocations, addSku, sell } from "./guard-store";

const NOW = new Date("2026-06-01T06:30:00Z");
const DAY = 86_400_000;
const clock = fixedClock(NOW);
const ago = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY - extraMs);

/** Settings with no margin costs, so only the reason under test can fire. */
const plain: GuardSettings = {
  ...defaultGuardSettings(),
  minMarginPct: -100,
  promoDiscountPct: 0,
  codFeePaise: 0,
  codFeePct: 0,
  shippingPerOrderPaise: 0,
};

const codes = (v: { reasons: { code: string }[] } | undefined) =>
  v?.reasons.map((r) => r.code) ?? ["<missing>"];

describe.each(engines)("guard verdicts on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
    await addLocations(t.db);
    const recent = { createdAt: ago(10) };
    // Stock: available = sum over locations of stocked − reserved; kits divide by required quantity.
    await addSku(t.db, { sku: "OOS-0", levels: [[5, 5]], ...recent });
    await addSku(t.db, { sku: "OOS-NEG", levels: [[1, 3]], ...recent });
    await addSku(t.db, { sku: "AV-1", levels: [[1, 0]], ...recent });
    await addSku(t.db, {
      sku: "AV-2",
      levels: [
        [1, 0],
        [2, 1],
      ],
      ...recent,
    });
    await addSku(t.db, {
      sku: "AV-3",
      levels: [
        [1, 0],
        [1, 0],
        [1, 0],
      ],
      ...recent,
    });
    await addSku(t.db, { sku: "AV-4", levels: [[4, 0]], ...recent });
    await addSku(t.db, { sku: "KIT-5", levels: [[5, 0]], requiredQuantity: 2, ...recent }); // 2 sets
    await addSku(t.db, { sku: "KIT-6", levels: [[6, 0]], requiredQuantity: 2, ...recent }); // 3 sets
    await addSku(t.db, { sku: "KIT-1", levels: [[3, 0]], requiredQuantity: 4, ...recent }); // 0 sets
    await addSku(t.db, { sku: "NO-LINK", levels: [], ...recent });
    await addSku(t.db, { sku: "UNMANAGED", levels: null, ...recent });
    await addSku(t.db, { sku: "RAZAI-4", category: "razai", levels: [[4, 0]], ...recent });
    // Dead: no counted sale in N days (120), or never sold since a listing older than that.
    await addSku(t.db, { sku: "SOLD-120", createdAt: ago(400) });
    await sell(t.db, "SOLD-120", ago(120));
    await addSku(t.db, { sku: "SOLD-120+", createdAt: ago(400) });
    await sell(t.db, "SOLD-120+", ago(120, 1000));
    await sell(t.db, "SOLD-120+", ago(5), { status: "canceled" });
    await addSku(t.db, { sku: "SOLD-119", createdAt: ago(400) });
    await sell(t.db, "SOLD-119", ago(119));
    await addSku(t.db, { sku: "NEVER-120", createdAt: ago(120) });
    await addSku(t.db, { sku: "NEVER-121", createdAt: ago(121) });
    await addSku(t.db, { sku: "DISCONTINUED", discontinued: true, ...recent });
    // Listing state.
    await addSku(t.db, { sku: "DRAFT", status: "draft", ...recent });
    // Margin: price 1000.00, cost around the 20% line.
    await addSku(t.db, { sku: "M-AT", pricePaise: 100_000, costPaise: 80_000, ...recent });
    await addSku(t.db, { sku: "M-UNDER", pricePaise: 100_000, costPaise: 80_001, ...recent });
    await addSku(t.db, { sku: "M-OVER", pricePaise: 100_000, costPaise: 79_999, ...recent });
    await addSku(t.db, { sku: "M-NOCOST", pricePaise: 100_000, costPaise: null, ...recent });
    // Full formula: net 90,000 after 10% off; costs = cost + 6,000 ship + 4,000 COD + 2% of net (1,800).
    await addSku(t.db, { sku: "F-AT", pricePaise: 100_000, costPaise: 60_200, ...recent });
    await addSku(t.db, { sku: "F-UNDER", pricePaise: 100_000, costPaise: 60_201, ...recent });
    await addSku(t.db, {
      sku: "EVERYTHING",
      levels: [[1, 0]],
      pricePaise: 100_000,
      costPaise: 99_000,
      discontinued: true,
      createdAt: ago(500),
    });
  });
  afterAll(() => t.drop());

  const check = async (skus: string[], settings: GuardSettings = plain) =>
    checkSkus(t.db, skus, { clock, settings });

  it("counts stock across locations, net of reservations, and blocks at zero or below", async () => {
    const v = await check(["OOS-0", "OOS-NEG", "AV-1", "AV-2", "AV-3", "AV-4", "NO-LINK", "UNMANAGED"]);
    expect(v.get("OOS-0")).toMatchObject({ available: 0, promotable: false });
    expect(codes(v.get("OOS-0"))).toEqual(["out_of_stock"]);
    expect(v.get("OOS-NEG")).toMatchObject({ available: -2, promotable: false });
    expect(codes(v.get("AV-1"))).toEqual(["low_stock"]);
    expect(v.get("AV-2")!.available).toBe(2);
    expect(codes(v.get("AV-2"))).toEqual(["low_stock"]);
    expect(v.get("AV-3")).toMatchObject({ available: 3, promotable: true, reasons: [] });
    expect(v.get("AV-4")).toMatchObject({ available: 4, promotable: true });
    expect(codes(v.get("NO-LINK"))).toEqual(["out_of_stock"]);
    expect(v.get("UNMANAGED")).toMatchObject({ available: null, promotable: true });
  });

  it("divides kit stock by the required quantity", async () => {
    const v = await check(["KIT-5", "KIT-6", "KIT-1"]);
    expect(v.get("KIT-5")!.available).toBe(2);
    expect(codes(v.get("KIT-5"))).toEqual(["low_stock"]);
    expect(v.get("KIT-6")).toMatchObject({ available: 3, promotable: true });
    expect(v.get("KIT-1")!.available).toBe(0);
    expect(codes(v.get("KIT-1"))).toEqual(["out_of_stock"]);
  });

  it("takes the low-stock threshold from the SKU, else its category, else the default", async () => {
    const s = {
      ...plain,
      lowStockDefault: 4,
      lowStockByCategory: { razai: 5 },
      lowStockBySku: { "AV-3": 3 },
    };
    const v = await check(["AV-3", "AV-4", "RAZAI-4", "AV-2"], s);
    expect(v.get("AV-3")).toMatchObject({ promotable: true, lowStockThreshold: 3 });
    expect(v.get("AV-4")).toMatchObject({ promotable: true, lowStockThreshold: 4 });
    expect(v.get("RAZAI-4")).toMatchObject({ promotable: false, lowStockThreshold: 5 });
    expect(codes(v.get("RAZAI-4"))).toEqual(["low_stock"]);
    const zero = await check(["AV-1"], { ...plain, lowStockDefault: 1 });
    expect(zero.get("AV-1")!.promotable).toBe(true);
  });

  it("calls a SKU dead after N days without a counted sale, or when discontinued", async () => {
    const v = await check(["SOLD-120", "SOLD-120+", "SOLD-119", "NEVER-120", "NEVER-121", "DISCONTINUED"]);
    expect(v.get("SOLD-120")!.promotable).toBe(true);
    expect(codes(v.get("SOLD-120+"))).toEqual(["dead"]);
    expect(v.get("SOLD-119")!.promotable).toBe(true);
    expect(v.get("NEVER-120")!.promotable).toBe(true);
    expect(codes(v.get("NEVER-121"))).toEqual(["dead"]);
    expect(v.get("DISCONTINUED")!.reasons).toEqual([
      { code: "dead", detail: "Flagged discontinued in Medusa." },
    ]);
    const shorter = await check(["SOLD-119"], { ...plain, deadAfterDays: 118 });
    expect(codes(shorter.get("SOLD-119"))).toEqual(["dead"]);
  });

  it("reads the last sale cached by reevaluateSkus the same as from order history", async () => {
    await reevaluateSkus(t.db, ["SOLD-120", "SOLD-120+"], clock, plain);
    const v = await check(["SOLD-120", "SOLD-120+"]);
    expect(v.get("SOLD-120")!.lastSoldAt).toEqual(ago(120));
    expect(v.get("SOLD-120")!.promotable).toBe(true);
    expect(codes(v.get("SOLD-120+"))).toEqual(["dead"]);
  });

  it("blocks a contribution margin below the minimum, not one exactly at it", async () => {
    const s = { ...plain, minMarginPct: 20 };
    const v = await check(["M-AT", "M-UNDER", "M-OVER", "M-NOCOST"], s);
    expect(v.get("M-AT")).toMatchObject({ promotable: true, marginPct: 20 });
    expect(codes(v.get("M-UNDER"))).toEqual(["low_margin"]);
    expect(v.get("M-OVER")!.promotable).toBe(true);
    expect(v.get("M-NOCOST")).toMatchObject({ promotable: true, marginPct: null });
  });

  it("subtracts discount, COD fee (flat and percentage) and shipping in the margin", async () => {
    const s: GuardSettings = {
      ...plain,
      minMarginPct: 20,
      promoDiscountPct: 10,
      codFeePaise: 4_000,
      codFeePct: 2,
      shippingPerOrderPaise: 6_000,
    };
    const v = await check(["F-AT", "F-UNDER"], s);
    expect(v.get("F-AT")).toMatchObject({ promotable: true, marginPct: 20 });
    expect(codes(v.get("F-UNDER"))).toEqual(["low_margin"]);
    const perItem = await check(["F-AT"], { ...s, shippingPerItemPaise: 1 });
    expect(codes(perItem.get("F-AT"))).toEqual(["low_margin"]);
  });

  it("blocks SKUs that are not listed or not in the mirror, and lists every reason at once", async () => {
    const v = await check(["DRAFT", "NOPE-404", "EVERYTHING"], { ...plain, minMarginPct: 20 });
    expect(codes(v.get("DRAFT"))).toEqual(["not_listed"]);
    expect(v.get("NOPE-404")).toMatchObject({ promotable: false, reasons: [{ code: "unknown_sku" }] });
    expect(codes(v.get("EVERYTHING"))).toEqual(["low_stock", "dead", "low_margin"]);
  });

  it("uses the owner's saved settings when none are passed", async () => {
    await saveGuardSettings(t.db, { lowStockDefault: 5, minMarginPct: -100 });
    const v = await checkSkus(t.db, ["AV-4"], { clock });
    expect(v.get("AV-4")).toMatchObject({ promotable: false, lowStockThreshold: 5 });
    await saveGuardSettings(t.db, {});
  });
});
