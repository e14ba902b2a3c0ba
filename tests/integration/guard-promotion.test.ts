import { readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardAudit } from "@/db/schema";
import {
  defaultGuardSettings,
  guardPromotion,
  promotePaths,
  promoteSurfaces,
  saveGuardSettings,
  substituteFor,
} from "@/lib/guard";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";
import { addLocations, addSku } from "./guard-store";

const clock = fixedClock("2026-06-01T06:30:00Z");
const recent = { createdAt: new Date("2026-05-20T00:00:00Z") };

describe.each(engines)("the promotion gate on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
    await addLocations(t.db);
    // No margin costs in these tests: promotability is decided by stock alone.
    await saveGuardSettings(t.db, { ...defaultGuardSettings(), minMarginPct: -100 });
    // Dupattas: the blocked sanganeri one at ₹1,500 and candidates around it.
    await addSku(t.db, { sku: "D-SANG-1500", levels: [[0, 0]], pricePaise: 150_000, ...recent });
    await addSku(t.db, { sku: "D-SANG-1900", pricePaise: 190_000, ...recent });
    await addSku(t.db, { sku: "D-SANG-1300", pricePaise: 130_000, ...recent });
    await addSku(t.db, { sku: "D-SANG-1450-OOS", levels: [[1, 1]], pricePaise: 145_000, ...recent });
    await addSku(t.db, { sku: "D-BAGRU-1500", technique: "bagru", pricePaise: 150_000, ...recent });
    await addSku(t.db, { sku: "D-SANG-1500-DRAFT", status: "draft", pricePaise: 150_000, ...recent });
    // A bagru bedsheet with no sanganeri sibling: falls back to the nearest price in category.
    await addSku(t.db, {
      sku: "B-BAGRU",
      category: "bedsheet",
      technique: "bagru",
      levels: [[0, 0]],
      ...recent,
    });
    await addSku(t.db, {
      sku: "B-DABU-2000",
      category: "bedsheet",
      technique: "dabu",
      pricePaise: 200_000,
      ...recent,
    });
    await addSku(t.db, {
      sku: "B-DABU-1600",
      category: "bedsheet",
      technique: "dabu",
      pricePaise: 160_000,
      ...recent,
    });
    // A razai with nothing in stock in its category.
    await addSku(t.db, { sku: "R-1", category: "razai", levels: [[0, 0]], ...recent });
    await addSku(t.db, { sku: "R-2", category: "razai", levels: [[2, 0]], ...recent });
    await addSku(t.db, { sku: "NOCAT", category: null, levels: [[0, 0]], ...recent });
    await addSku(t.db, { sku: "OK-1", category: "saree", ...recent });
  });
  afterAll(() => t.drop());

  describe("substituteFor", () => {
    it("prefers the same print, then the nearest price, skipping what the guard blocks", async () => {
      expect((await substituteFor(t.db, "D-SANG-1500", { clock }))?.sku).toBe("D-SANG-1300");
    });
    it("falls back to another technique in the same category", async () => {
      expect((await substituteFor(t.db, "B-BAGRU", { clock }))?.sku).toBe("B-DABU-1600");
    });
    it("offers nothing when the category has nothing promotable, or the SKU has no category", async () => {
      expect(await substituteFor(t.db, "R-1", { clock })).toBeNull();
      expect(await substituteFor(t.db, "NOCAT", { clock })).toBeNull();
      expect(await substituteFor(t.db, "NOPE", { clock })).toBeNull();
    });
    it("respects exclusions", async () => {
      const v = await substituteFor(t.db, "D-SANG-1500", { clock, exclude: ["D-SANG-1300"] });
      expect(v?.sku).toBe("D-SANG-1900");
    });
  });

  describe("guardPromotion", () => {
    it("drops blocked SKUs without swap and audits each one", async () => {
      const before = (await t.db.select().from(guardAudit)).length;
      const d = await guardPromotion(
        t.db,
        { surface: "whatsapp", skus: ["OK-1", "D-SANG-1500", "R-1", "OK-1"], allowSwap: false },
        { clock },
      );
      expect([...d.allowed]).toEqual(["OK-1"]);
      expect(d.swapped).toEqual([]);
      expect(d.blocked.map((b) => [b.sku, b.reasons.map((r) => r.code)])).toEqual([
        ["D-SANG-1500", ["out_of_stock"]],
        ["R-1", ["out_of_stock"]],
      ]);
      const audit = await t.db.select().from(guardAudit).orderBy(asc(guardAudit.id));
      expect(audit.slice(before).map((a) => [a.surface, a.sku, a.action, a.swappedTo])).toEqual([
        ["whatsapp", "D-SANG-1500", "blocked", null],
        ["whatsapp", "R-1", "blocked", null],
      ]);
    });

    it("swaps in place when allowed, never duplicating a SKU already in the list", async () => {
      const before = (await t.db.select().from(guardAudit)).length;
      const d = await guardPromotion(
        t.db,
        { surface: "campaign", skus: ["D-SANG-1500", "D-SANG-1300", "R-1"], allowSwap: true },
        { clock },
      );
      expect([...d.allowed]).toEqual(["D-SANG-1900", "D-SANG-1300"]);
      expect(d.swapped.map((s) => [s.from, s.to])).toEqual([["D-SANG-1500", "D-SANG-1900"]]);
      expect(d.blocked.map((b) => b.sku)).toEqual(["R-1"]);
      const audit = (await t.db.select().from(guardAudit).orderBy(asc(guardAudit.id))).slice(before);
      expect(audit.map((a) => [a.surface, a.sku, a.action, a.swappedTo])).toEqual([
        ["campaign", "D-SANG-1500", "swapped", "D-SANG-1900"],
        ["campaign", "R-1", "blocked", null],
      ]);
    });

    it("writes no audit row when nothing is suppressed", async () => {
      const before = (await t.db.select().from(guardAudit)).length;
      const d = await guardPromotion(
        t.db,
        { surface: "storefront", skus: ["OK-1"], allowSwap: true },
        { clock },
      );
      expect([...d.allowed]).toEqual(["OK-1"]);
      expect((await t.db.select().from(guardAudit)).length).toBe(before);
    });
  });

  describe("no promote path lets a blocked SKU through", () => {
    beforeAll(async () => {
      // Every domain that promotes registers its paths when its index loads; load them all.
      const lib = path.resolve(__dirname, "../../lib");
      for (const d of readdirSync(lib)) {
        const index = path.join(lib, d, "index.ts");
        if (existsSync(index)) await import(index);
      }
    });

    it("has a registered path for every surface", () => {
      const surfaces = new Set(promotePaths().map((p) => p.surface));
      for (const s of promoteSurfaces) expect(surfaces).toContain(s);
    });

    it("includes the WhatsApp flows' paths (cart recovery messages, the Meta catalog)", () => {
      const names = promotePaths().map((p) => p.name);
      expect(names).toContain("whatsapp.flows.cartRecovery");
      expect(names).toContain("whatsapp.flows.catalogSync");
    });

    it("refuses or swaps every blocked SKU on every registered path", async () => {
      const blocked = ["D-SANG-1500", "R-1", "D-SANG-1450-OOS", "D-SANG-1500-DRAFT", "NOCAT", "NOPE"];
      expect(promotePaths().length).toBeGreaterThanOrEqual(15);
      for (const p of promotePaths()) {
        const out = await p.run(t.db, [...blocked, "OK-1"], { clock });
        for (const sku of blocked) expect(out, `${p.name} promoted ${sku}`).not.toContain(sku);
        if (p.name.startsWith("guard.guardPromotion")) expect(out, p.name).toContain("OK-1");
      }
    });
  });
});
