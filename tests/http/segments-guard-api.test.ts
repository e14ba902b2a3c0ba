import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/db";
import { upsertCustomers, upsertOrders, upsertProducts, upsertVariants } from "@/lib/commerce";
import type { AppServerInfo } from "../support/app-server";
import { servers } from "../support/servers";
import { ownerCookie } from "../support/sign-in";

async function apiToken(server: AppServerInfo): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: await ownerCookie(server) },
    body: JSON.stringify({ name: "segments and guard api test" }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe.each(servers())("segments and guard API on $engine", (server) => {
  let auth: Record<string, string>;
  const call = (path: string, init: RequestInit = {}, headers: Record<string, string> = auth) =>
    fetch(`${server.baseUrl}${path}`, {
      ...init,
      headers: { ...headers, ...(init.body ? { "content-type": "application/json" } : {}) },
    });

  beforeAll(async () => {
    auth = { authorization: `Bearer ${await apiToken(server)}` };
  });

  it.each([
    ["GET", "/api/v1/segments"],
    ["GET", "/api/v1/segments/new/members"],
    ["GET", "/api/v1/segments/festivals"],
    ["POST", "/api/v1/segments/recompute"],
    ["GET", "/api/v1/guard/skus"],
    ["GET", "/api/v1/guard/audit"],
    ["GET", "/api/v1/guard/settings"],
    ["POST", "/api/v1/guard/check"],
  ])("%s %s answers 401 without credentials", async (method, path) => {
    const res = await call(path, { method }, {});
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });

  it("lists every segment with its rule, and 404s an unknown segment's members", async () => {
    const res = await call("/api/v1/segments?trendDays=7");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { segments: { key: string; rule: string; trend: unknown[] }[] };
    const keys = body.segments.map((s) => s.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "new",
        "repeat",
        "vip",
        "at_risk",
        "churned",
        "wholesale",
        "gifting",
        "festival:diwali:2026",
      ]),
    );
    expect(body.segments.every((s) => s.rule.length > 20 && s.trend.length === 7)).toBe(true);
    const missing = await call("/api/v1/segments/nope/members");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
    const bad = await call("/api/v1/segments/new/members?limit=0");
    expect(bad.status).toBe(400);
  });

  it("lets the owner edit the festival calendar, refusing windows that end before they start", async () => {
    const list = (await (await call("/api/v1/segments/festivals?year=2027")).json()) as {
      windows: { id: number; festival: string }[];
    };
    expect(list.windows.filter((w) => w.festival === "diwali")).toHaveLength(1);
    const created = await call("/api/v1/segments/festivals", {
      method: "POST",
      body: JSON.stringify({
        festival: "navratri",
        year: 2027,
        label: "Navratri 2027",
        startsOn: "2027-09-30",
        endsOn: "2027-10-08",
      }),
    });
    expect(created.status).toBe(201);
    const { window } = (await created.json()) as { window: { id: number } };
    const bad = await call(`/api/v1/segments/festivals/${window.id}`, {
      method: "PUT",
      body: JSON.stringify({
        festival: "navratri",
        year: 2027,
        label: "x",
        startsOn: "2027-10-08",
        endsOn: "2027-09-30",
      }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe("endsOn");
    expect((await call(`/api/v1/segments/festivals/${window.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call(`/api/v1/segments/festivals/${window.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("reads and replaces guard settings, validating them", async () => {
    const put = await call("/api/v1/guard/settings", {
      method: "PUT",
      body: JSON.stringify({ lowStockDefault: 4, lowStockByCategory: { razai: 2 } }),
    });
    expect(put.status).toBe(200);
    const got = (await (await call("/api/v1/guard/settings")).json()) as {
      settings: Record<string, unknown>;
    };
    expect(got.settings).toMatchObject({
      lowStockDefault: 4,
      lowStockByCategory: { razai: 2 },
      deadAfterDays: 120,
    });
    const bad = await call("/api/v1/guard/settings", {
      method: "PUT",
      body: JSON.stringify({ minMarginPct: "high" }),
    });
    expect(bad.status).toBe(400);
    await call("/api/v1/guard/settings", { method: "PUT", body: JSON.stringify({}) });
  });

  it("checks SKUs live and keeps an empty audit for an empty store", async () => {
    const res = await call("/api/v1/guard/check", {
      method: "POST",
      body: JSON.stringify({ skus: ["NOPE-1"] }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { verdicts: unknown[] }).verdicts).toEqual([
      expect.objectContaining({
        sku: "NOPE-1",
        promotable: false,
        reasons: [expect.objectContaining({ code: "unknown_sku" })],
      }),
    ]);
    expect((await call("/api/v1/guard/skus?status=everything")).status).toBe(400);
    expect((await call("/api/v1/guard/audit?limit=5")).status).toBe(200);
  });
});

describe.each(servers().filter((s) => s.engine === "postgres"))(
  "segment members over HTTP on $engine",
  (server) => {
    let h: DbHandle;
    let auth: Record<string, string>;
    const p = `segapi_${Date.now().toString(36)}`;
    beforeAll(async () => {
      auth = { authorization: `Bearer ${await apiToken(server)}` };
      h = await openDb({ engine: "postgres", url: server.env.DATABASE_URL!, max: 2 });
      const t = new Date("2026-01-01T00:00:00Z");
      await upsertCustomers(h.db, [
        { id: `${p}_c1`, email: `=cmd|${p}@example.in`, firstName: "Asha", createdAt: t, sourceUpdatedAt: t },
      ]);
      for (const [i, placed] of ["2026-03-01T06:00:00Z", "2026-04-01T06:00:00Z"].entries()) {
        await upsertOrders(h.db, [
          {
            id: `${p}_o${i}`,
            customerId: `${p}_c1`,
            status: "completed",
            paymentStatus: "captured",
            fulfillmentStatus: "delivered",
            paymentMethod: "cod",
            currencyCode: "inr",
            subtotalPaise: 150_050,
            totalPaise: 150_050,
            placedAt: new Date(placed),
            sourceUpdatedAt: new Date(placed),
            items: [],
          },
        ]);
      }
      // Listed today, so out of stock is its only reason (not dead).
      const listed = new Date();
      await upsertProducts(h.db, [
        {
          id: `${p}_prod`,
          handle: `${p}-prod`,
          title: "Dabu dupatta",
          status: "published",
          category: "dupatta",
          createdAt: listed,
          sourceUpdatedAt: listed,
        },
      ]);
      await upsertVariants(h.db, [
        {
          id: `${p}_var`,
          productId: `${p}_prod`,
          sku: `${p}-SKU`,
          title: "One size",
          pricePaise: 150_000,
          createdAt: listed,
          sourceUpdatedAt: listed,
          inventoryItems: [],
        },
      ]);
    });
    afterAll(() => h.close());

    it("recomputes on request, pages members and exports them as CSV", async () => {
      const recompute = await fetch(`${server.baseUrl}/api/v1/segments/recompute`, {
        method: "POST",
        headers: auth,
      });
      expect(recompute.status).toBe(200);
      const page = await fetch(`${server.baseUrl}/api/v1/segments/repeat/members?limit=500`, {
        headers: auth,
      });
      const body = (await page.json()) as { items: { customerId: string; reason: string }[]; total: number };
      expect(body.items.find((m) => m.customerId === `${p}_c1`)).toMatchObject({
        reason: "2 counted orders",
      });
      const csv = await fetch(`${server.baseUrl}/api/v1/segments/repeat/members?format=csv`, {
        headers: auth,
      });
      expect(csv.headers.get("content-type")).toContain("text/csv");
      const text = await csv.text();
      // Customer text that a spreadsheet would run as a formula is defused.
      expect(text).toContain(`"'=cmd|${p}@example.in"`);
      expect(text).toContain('"3001.00"');
    });

    it("stores a blocked verdict on re-check and lists it with its reason", async () => {
      const res = await fetch(`${server.baseUrl}/api/v1/guard/check`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ skus: [`${p}-SKU`], store: true }),
      });
      expect(res.status).toBe(200);
      const list = (await (
        await fetch(`${server.baseUrl}/api/v1/guard/skus?status=blocked&limit=500`, { headers: auth })
      ).json()) as {
        items: { sku: string; reasons: { code: string }[]; since: string }[];
        totals: { blocked: number };
      };
      const row = list.items.find((v) => v.sku === `${p}-SKU`);
      expect(row?.reasons.map((r) => r.code)).toEqual(["out_of_stock"]);
      expect(list.totals.blocked).toBeGreaterThanOrEqual(1);
    });
  },
);
