import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import {
  generateMedusaFixtures,
  medusaClient,
  readCursor,
  SandboxStore,
  sandboxTransport,
  syncMedusa,
} from "@/lib/medusa";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

const count = async (db: TestDb["db"], table: string) =>
  Number((await queryRows<{ n: number | string }>(db, sql.raw(`select count(*) as n from ${table}`)))[0]!.n);

describe.each(engines)("Medusa sync on %s", (engine) => {
  let h: TestDb;
  const store = new SandboxStore();
  const fixtures = generateMedusaFixtures({ products: 12, customers: 30, orders: 45 });
  const client = medusaClient(sandboxTransport(store));
  const clock = fixedClock("2026-03-01T00:00:00Z");

  beforeAll(async () => {
    h = await testDb(engine);
    store.load(fixtures);
  });
  afterAll(() => h.drop());

  it("full backfill copies every resource, paging through the Admin API", async () => {
    const progress: string[] = [];
    const results = await syncMedusa(h.db, client, {
      mode: "full",
      pageSize: 7,
      clock,
      onProgress: (p) => progress.push(`${p.resource}:${p.done}/${p.total}`),
    });
    expect(await count(h.db, "products")).toBe(12);
    expect(await count(h.db, "variants")).toBe(24);
    expect(await count(h.db, "variant_inventory_items")).toBe(24);
    expect(await count(h.db, "inventory_levels")).toBe(24);
    expect(await count(h.db, "customers")).toBe(30);
    expect(await count(h.db, "customer_group_members")).toBe(3);
    expect(await count(h.db, "orders")).toBe(45);
    expect(await count(h.db, "order_items")).toBe(
      fixtures.orders.reduce((s, o) => s + (o.items as unknown[]).length, 0),
    );
    expect(await count(h.db, "price_list_prices")).toBe(2);
    expect(results.find((r) => r.resource === "orders")).toMatchObject({
      fetched: 45,
      written: 45,
      pages: 7,
    });
    expect(progress).toContain("orders:45/45");
    // Paged with limit/offset, in updated_at order, asking for the documented fields.
    const orderCalls = store.calls.filter((c) => c.path === "/admin/orders");
    expect(orderCalls[0]!.query).toMatchObject({ limit: 7, offset: 0, order: "updated_at" });
    expect(String(orderCalls[0]!.query.fields)).toContain("*items");
    // Money arrived as decimal rupees and is stored as paise.
    const [v] = await queryRows<{ price_paise: string | number }>(
      h.db,
      sql`select price_paise from variants where id = 'variant_0000_1'`,
    );
    const rupees = (fixtures.products[0]!.variants as { prices: { amount: number }[] }[])[1]!.prices[0]!
      .amount;
    expect(Number(v!.price_paise)).toBe(Math.round(rupees * 100));
    // The KPI rollups are rebuilt once at the end of a full run (not per page): every counted
    // order's total is in the daily cells, read against the mirror's own orders.
    const [mirrored] = await queryRows<{ n: number | string; paise: number | string }>(
      h.db,
      sql`select count(*) as n, coalesce(sum(total_paise), 0) as paise from orders where status <> 'canceled'`,
    );
    const [rolled] = await queryRows<{ n: number | string; paise: number | string }>(
      h.db,
      sql`select coalesce(sum(orders), 0) as n, coalesce(sum(gross_paise), 0) as paise
          from kpi_daily_orders where segment = 'all'`,
    );
    expect(Number(mirrored!.n)).toBeGreaterThan(0);
    expect({ n: Number(rolled!.n), paise: Number(rolled!.paise) }).toEqual({
      n: Number(mirrored!.n),
      paise: Number(mirrored!.paise),
    });
  });

  it("a second full run changes nothing", async () => {
    const before = await queryRows(
      h.db,
      sql`select id, total_paise, source_updated_at from orders order by id`,
    );
    await syncMedusa(h.db, client, { mode: "full", pageSize: 50, clock });
    const after = await queryRows(
      h.db,
      sql`select id, total_paise, source_updated_at from orders order by id`,
    );
    expect(after).toEqual(before);
    expect(await count(h.db, "order_items")).toBeGreaterThan(0);
  });

  it("incremental reads only what changed since the last run", async () => {
    const order = store.get("orders", "order_000003")!;
    store.put("orders", { ...order, status: "completed", updated_at: "2026-02-01T00:00:00.000Z" });
    store.put("orders", {
      ...order,
      id: "order_new",
      display_id: 9999,
      items: (order.items as { id: string }[]).map((i) => ({ ...i, id: `new_${i.id}` })),
      created_at: "2026-02-01T00:00:01.000Z",
      updated_at: "2026-02-01T00:00:01.000Z",
    });
    store.calls.length = 0;
    const [res] = await syncMedusa(h.db, client, { mode: "incremental", resources: ["orders"], clock });
    const call = store.calls.find((c) => c.path === "/admin/orders")!;
    expect(call.query["updated_at[$gte]"]).toBeDefined();
    // The boundary record from the previous run is re-read (harmless) plus the two changes.
    expect(res!.fetched).toBeLessThanOrEqual(3);
    const rows = await queryRows<{ id: string; status: string }>(
      h.db,
      sql`select id, status from orders where id in ('order_000003', 'order_new') order by id`,
    );
    expect(rows).toEqual([
      { id: "order_000003", status: "completed" },
      { id: "order_new", status: "pending" },
    ]);
    const cursor = await readCursor(h.db, "medusa.sync.cursor.orders");
    expect(cursor).toMatchObject({ since: "2026-02-01T00:00:01.000Z", inProgress: null });
  });
});

describe.each(engines)("Medusa sync resumes after a crash on %s", (engine) => {
  let h: TestDb;
  beforeAll(async () => {
    h = await testDb(engine);
  });
  afterAll(() => h.drop());

  it("continues from the page it was on and ends with every record exactly once", async () => {
    const store = new SandboxStore();
    store.load({ orders: generateMedusaFixtures({ products: 3, customers: 5, orders: 40 }).orders });
    const client = medusaClient(sandboxTransport(store));
    // The fourth page request fails, as a Medusa outage would.
    store.injectFailure({ pathPrefix: "/admin/orders", status: 503, skip: 3 });
    await expect(
      syncMedusa(h.db, client, { mode: "full", resources: ["orders"], pageSize: 5 }),
    ).rejects.toThrow(/503/);
    expect(await count(h.db, "orders")).toBe(15);
    const stopped = await readCursor(h.db, "medusa.sync.cursor.orders");
    expect(stopped).toMatchObject({ inProgress: "full", done: 15 });

    store.calls.length = 0;
    const [res] = await syncMedusa(h.db, client, { mode: "full", resources: ["orders"], pageSize: 5 });
    expect(res).toMatchObject({ resumed: true, fetched: 25 });
    expect(store.calls[0]!.query).toMatchObject({ offset: stopped!.skip });
    expect(store.calls[0]!.query["updated_at[$gte]"]).toBe(stopped!.since);
    expect(await count(h.db, "orders")).toBe(40);
    expect(await readCursor(h.db, "medusa.sync.cursor.orders")).toMatchObject({ inProgress: null, done: 40 });
  });
});
