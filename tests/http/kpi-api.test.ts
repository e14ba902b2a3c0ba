import { beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/db";
import { upsertOrders } from "@/lib/commerce";
import { applyToRollups, kpiResponseSchema } from "@/lib/kpi";
import { servers } from "../support/servers";
import { ownerCookie } from "../support/sign-in";
import type { AppServerInfo } from "../support/app-server";

async function apiToken(server: AppServerInfo): Promise<string> {
  const cookie = await ownerCookie(server);
  const res = await fetch(`${server.baseUrl}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ name: "kpi api test" }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

describe.each(servers())("GET /api/v1/kpis on $engine", (server) => {
  let auth: Record<string, string>;
  const get = (path: string, headers: Record<string, string> = auth) =>
    fetch(`${server.baseUrl}${path}`, { headers });

  beforeAll(async () => {
    auth = { authorization: `Bearer ${await apiToken(server)}` };
  });

  describe("who may ask", () => {
    it.each([
      "/api/v1/kpis?from=2025-10-01&to=2025-10-31",
      "/api/v1/kpis/report.csv?from=2025-10-01&to=2025-10-31",
    ])("answers 401 without credentials: %s", async (path) => {
      const res = await get(path, {});
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    });
  });

  describe("bad parameters", () => {
    it.each([
      ["from missing", "to=2025-10-31", "from", /expected string|required/i],
      ["a date that does not exist", "from=2025-02-30&to=2025-03-31", "from", /calendar day/],
      ["a date in another format", "from=01-10-2025&to=2025-10-31", "from", /YYYY-MM-DD/],
      ["to before from", "from=2025-10-31&to=2025-10-01", "to", /must not be before from \(2025-10-31\)/],
      ["a window over 731 days", "from=2023-01-01&to=2025-01-01", "to", /732 days; at most 731/],
      ["an unknown channel", "from=2025-10-01&to=2025-10-31&channel=tiktok", "channel", /whatsapp/],
      ["an unknown comparison", "from=2025-10-01&to=2025-10-31&compare=yesterday", "compare", /previous/],
      ["an unknown segment", "from=2025-10-01&to=2025-10-31&segment=vip", "segment", /wholesale/],
    ])("answers 400 for %s, naming the parameter and why", async (_name, query, path, why) => {
      for (const route of ["/api/v1/kpis", "/api/v1/kpis/report.csv"]) {
        const res = await get(`${route}?${query}`);
        expect(res.status).toBe(400);
        const body = (await res.json()) as {
          error: { code: string; message: string; issues: { path: string; message: string }[] };
        };
        expect(body.error.code).toBe("invalid_query");
        const issue = body.error.issues.find((i) => i.path === path);
        expect(issue, JSON.stringify(body)).toBeDefined();
        expect(issue!.message).toMatch(why);
        expect(body.error.message).toContain(path);
      }
    });
  });

  describe("answers", () => {
    it("returns every figure in the documented shape", async () => {
      const res = await get("/api/v1/kpis?from=2025-10-01&to=2025-10-31&compare=last_year&segment=repeat");
      expect(res.status).toBe(200);
      const body = kpiResponseSchema.parse(await res.json());
      expect(body.window).toEqual({ from: "2025-10-01", to: "2025-10-31", days: 31 });
      expect(body.comparison).toEqual({
        compare: "last_year",
        from: "2024-10-01",
        to: "2024-10-31",
        days: 31,
      });
      expect(body.filters).toEqual({ channel: null, segment: "repeat" });
      expect(body.series.current).toHaveLength(31);
      expect(body.channels.map((c) => c.channel)).toContain("whatsapp");
    });

    it("serves the festive 5-number report as a CSV download", async () => {
      const res = await get("/api/v1/kpis/report.csv?from=2025-10-01&to=2025-10-31");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe(
        'attachment; filename="kosha-kpis-2025-10-01_2025-10-31.csv"',
      );
      const lines = (await res.text()).trimEnd().split("\r\n");
      expect(lines[0]).toBe(
        "metric,unit,current 2025-10-01..2025-10-31,previous 2025-08-31..2025-09-30,change,change_percent",
      );
      expect(lines.map((l) => l.split(",")[0])).toEqual([
        "metric",
        "Revenue",
        "Net revenue",
        "Orders",
        "Conversion rate",
        "AOV",
        "Repeat rate",
        "Carts abandoned",
        "Carts recovered",
        "Cart recovery rate",
        "Recovered revenue",
      ]);
    });
  });
});

// The Postgres app's database can be opened beside the server (PGlite allows one process only).
describe.each(servers().filter((s) => s.engine === "postgres"))(
  "KPIs of stored orders over HTTP on $engine",
  (server) => {
    it("reports an order written to the mirror and applied to the rollups", async () => {
      const h = await openDb({ engine: "postgres", url: server.env.DATABASE_URL!, max: 2 });
      try {
        const at = new Date("2025-06-15T06:00:00Z");
        const ids = await upsertOrders(h.db, [
          {
            id: "order_http_kpi",
            customerId: "cus_http_kpi",
            status: "completed",
            paymentStatus: "captured",
            fulfillmentStatus: "delivered",
            paymentMethod: "prepaid",
            currencyCode: "inr",
            subtotalPaise: 123_456,
            totalPaise: 123_456,
            placedAt: at,
            sourceUpdatedAt: at,
            items: [],
          },
        ]);
        await applyToRollups(h.db, { orderIds: ids });
      } finally {
        await h.close();
      }
      const token = await apiToken(server);
      const res = await fetch(`${server.baseUrl}/api/v1/kpis?from=2025-06-15&to=2025-06-15`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = kpiResponseSchema.parse(await res.json());
      expect(body.figures.revenue.current).toBe(123_456);
      expect(body.figures.orders.current).toBe(1);
      expect(body.figures.newCustomers.current).toBe(1);
      const csv = await (
        await fetch(`${server.baseUrl}/api/v1/kpis/report.csv?from=2025-06-15&to=2025-06-15`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).text();
      // 123,456 paise = ₹1234.56 now, nothing the day before.
      expect(csv.split("\r\n")[1]).toBe("Revenue,INR,1234.56,0.00,1234.56,");
    });
  },
);
