import { describe, expect, it } from "vitest";
import { allocateOrders } from "@/lib/demo/activity";
import { buildCatalog } from "@/lib/demo/catalog";
import { diwaliOf, festivalsBetween } from "@/lib/demo/festivals";
import { medusaId } from "@/lib/demo/ids";
import { indianMobile, person } from "@/lib/demo/people";
import { Rng } from "@/lib/demo/random";
import { dayProfile } from "@/lib/demo/seasonality";
import { demoWindow } from "@/lib/demo/seed";
import { addDays, istDayStart } from "@/lib/time";

describe("seeded randomness", () => {
  it("repeats for the same seed and stream and differs otherwise", () => {
    const a = new Rng(42, "x");
    const b = new Rng(42, "x");
    const c = new Rng(43, "x");
    const d = new Rng(42, "y");
    const seqA = Array.from({ length: 20 }, () => a.u32());
    expect(Array.from({ length: 20 }, () => b.u32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.u32())).not.toEqual(seqA);
    expect(Array.from({ length: 20 }, () => d.u32())).not.toEqual(seqA);
  });

  it("draws integers inside the inclusive range, covering both ends", () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.int(3, 7);
      expect(x).toBeGreaterThanOrEqual(3);
      expect(x).toBeLessThanOrEqual(7);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });
});

describe("Medusa-like ids", () => {
  it("are prefix_ + 26 Crockford characters and sort by time", () => {
    const r = new Rng(5);
    const early = medusaId("order", Date.UTC(2025, 0, 1), r);
    const late = medusaId("order", Date.UTC(2026, 0, 1), r);
    expect(early).toMatch(/^order_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(early < late).toBe(true);
  });
});

describe("order allocation over days", () => {
  it("hands out exactly the requested number of orders", () => {
    const first = "2024-11-25";
    const profiles = Array.from({ length: 730 }, (_, i) => dayProfile(addDays(first, i), first));
    for (const n of [1, 1500, 50_000, 1_000_000]) {
      const counts = allocateOrders(profiles, n, new Rng(9));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("the festival calendar and seasonality", () => {
  it("knows Diwali per year", () => {
    expect(diwaliOf(2024)).toBe("2024-10-31");
    expect(diwaliOf(2025)).toBe("2025-10-20");
    expect(diwaliOf(2026)).toBe("2026-11-08");
    expect(diwaliOf(2027)).toBe("2027-10-29");
    expect(festivalsBetween("2026-08-01", "2026-08-31").map((f) => f.name)).toEqual([
      "hariyali_teej",
      "raksha_bandhan",
    ]);
  });

  it("weights the Diwali run-up above an ordinary June week and razai above in winter", () => {
    const first = "2025-01-01";
    const avg = (from: string, days: number) =>
      Array.from({ length: days }, (_, i) => dayProfile(addDays(from, i), first).weight).reduce(
        (a, b) => a + b,
      ) / days;
    expect(avg("2026-10-25", 14)).toBeGreaterThan(1.5 * avg("2026-06-08", 14));
    expect(dayProfile("2025-12-15", first).categories.razai).toBeGreaterThan(
      10 * dayProfile("2026-06-15", first).categories.razai,
    );
    expect(dayProfile("2026-01-10", first).sale).toBe(true);
    expect(dayProfile("2026-02-10", first).sale).toBe(false);
  });
});

describe("the demo window", () => {
  it("covers 24 months ending on the end day, both inclusive", () => {
    expect(demoWindow("2026-11-24")).toEqual({ firstDay: "2024-11-25", end: "2026-11-24", days: 730 });
    expect(demoWindow("2028-02-29").firstDay).toBe("2026-03-01");
    expect(() => demoWindow("2026-13-01")).toThrow(RangeError);
  });
});

describe("people", () => {
  it("have 6-digit pincodes not starting with 0 and E.164 Indian mobiles", () => {
    const r = new Rng(3);
    for (let i = 0; i < 500; i++) {
      const p = person(r, i);
      expect(p.pincode).toMatch(/^[1-9]\d{5}$/);
      expect(p.phone).toMatch(/^\+91[6-9]\d{9}$/);
      expect(p.email).toMatch(/^[a-z._]+\d+@[a-z.]+$/);
    }
    expect(indianMobile(r)).toHaveLength(13);
  });
});

describe("the catalog", () => {
  const catalog = buildCatalog(42, istDayStart("2024-11-25"));

  it("is a Jaipur handloom catalog of ~150 products and ~500 variants with known margins", () => {
    expect(catalog.products.length).toBeGreaterThanOrEqual(140);
    expect(catalog.products.length).toBeLessThanOrEqual(170);
    expect(catalog.variants.length).toBeGreaterThanOrEqual(450);
    expect(catalog.variants.length).toBeLessThanOrEqual(550);
    const skus = new Set(catalog.variants.map((v) => v.sku));
    expect(skus.size).toBe(catalog.variants.length);
    for (const v of catalog.variants) {
      expect(v.pricePaise).toBeGreaterThanOrEqual(39_900);
      expect(v.pricePaise).toBeLessThanOrEqual(1_499_900);
      expect(v.costPaise!).toBeLessThan(v.pricePaise);
    }
    const lowMargin = catalog.variants.filter((v) => v.costPaise! / v.pricePaise > 0.8);
    expect(lowMargin.length).toBeGreaterThan(0);
    expect(new Set(catalog.products.map((p) => p.technique))).toEqual(
      new Set(["sanganeri", "bagru", "dabu", "indigo"]),
    );
  });

  it("has dead SKUs (no demand) including every variant of a discontinued product", () => {
    const discontinued = new Set(catalog.products.filter((p) => p.discontinued).map((p) => p.id));
    expect(discontinued.size).toBeGreaterThan(0);
    for (const v of catalog.sellable) if (discontinued.has(v.productId)) expect(v.demand).toBe(0);
    expect(
      catalog.sellable.filter((v) => v.demand === 0 && !discontinued.has(v.productId)).length,
    ).toBeGreaterThan(0);
  });

  it("is the same for the same seed", () => {
    expect(buildCatalog(42, istDayStart("2024-11-25")).variants).toEqual(catalog.variants);
  });
});
