import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { processInboundEvent } from "@/lib/inbox";
import {
  generateMedusaFixtures,
  medusaClient,
  medusaHandlers,
  receiveMedusaWebhook,
  SandboxStore,
  sandboxTransport,
  signatureHeader,
} from "@/lib/medusa";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

const SECRET = "whsec_test";
const clock = fixedClock("2026-03-01T00:00:00Z");

describe.each(engines)("Medusa webhook: receive, store, process on %s", (engine) => {
  let h: TestDb;
  const store = new SandboxStore();
  const fx = generateMedusaFixtures({ products: 3, customers: 3, orders: 3 });
  const resolve = (source: string, name: string) =>
    source === "medusa" ? medusaHandlers(() => medusaClient(sandboxTransport(store)))(name) : undefined;
  const dispatched: number[] = [];
  let seq = 0;

  async function deliver(name: string, data: Record<string, unknown>, id = `evt_${++seq}`) {
    const body = JSON.stringify({ id, name, data, occurred_at: clock.now().toISOString() });
    const res = await receiveMedusaWebhook(
      new Request("http://kosha.test/api/webhooks/medusa", {
        method: "POST",
        body,
        headers: {
          "x-kosha-signature": signatureHeader(SECRET, body, Math.floor(clock.now().getTime() / 1000)),
        },
      }),
      { db: h.db, secret: SECRET, clock, dispatch: async (rowId) => dispatched.push(rowId) },
    );
    return res;
  }

  async function deliverAndProcess(name: string, data: Record<string, unknown>) {
    const res = await deliver(name, data);
    expect(res.status).toBe(202);
    const id = dispatched.at(-1)!;
    return processInboundEvent(h.db, id, resolve, clock);
  }

  beforeAll(async () => {
    h = await testDb(engine);
    store.load(fx);
  });
  afterAll(() => h.drop());

  it("order.placed fetches the order and its stock, and upserts both", async () => {
    // The product first, so the order's variants have inventory links to re-read.
    await deliverAndProcess("product.created", { id: "prod_0000" });
    await deliverAndProcess("product.created", { id: "prod_0001" });
    await deliverAndProcess("product.created", { id: "prod_0002" });
    const r = await deliverAndProcess("order.placed", { id: "order_000000" });
    expect(r).toMatchObject({ result: "processed" });
    const [o] = await queryRows<{ total_paise: number | string }>(
      h.db,
      sql`select total_paise from orders where id = 'order_000000'`,
    );
    expect(Number(o!.total_paise)).toBe(Math.round(Number(fx.orders[0]!.total) * 100));
    expect(store.calls.some((c) => c.path === "/admin/orders/order_000000")).toBe(true);
    expect(store.calls.some((c) => c.path.startsWith("/admin/inventory-items/"))).toBe(true);
  });

  it("a re-delivery answers duplicate and stores nothing new", async () => {
    const first = await deliver("order.updated", { id: "order_000001" }, "evt_dup");
    const again = await deliver("order.updated", { id: "order_000001" }, "evt_dup");
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ status: "duplicate", id: "evt_dup" });
    const rows = await queryRows(h.db, sql`select id from inbound_events where external_id = 'evt_dup'`);
    expect(rows).toHaveLength(1);
  });

  it("an older version read after a newer one does not overwrite it", async () => {
    const base = store.get("customers", "cus_00000")!;
    store.put("customers", { ...base, first_name: "Newer", updated_at: "2026-02-02T00:00:00.000Z" });
    await deliverAndProcess("customer.updated", { id: "cus_00000" });
    // Medusa (a lagging read replica, a slow retry) now answers an older version.
    store.put("customers", { ...base, first_name: "Older", updated_at: "2026-02-01T00:00:00.000Z" });
    expect(await deliverAndProcess("customer.updated", { id: "cus_00000" })).toMatchObject({
      result: "processed",
    });
    const [c] = await queryRows<{ first_name: string }>(
      h.db,
      sql`select first_name from customers where id = 'cus_00000'`,
    );
    expect(c!.first_name).toBe("Newer");
  });

  it("forwarded carts: newer wins whatever the arrival order", async () => {
    const cart = (updated: string, qty: number) => ({
      id: "cart_1",
      currency_code: "inr",
      email: "a@b.in",
      items: [
        { id: "cali_1", title: "Saree", variant_id: "variant_0000_0", quantity: qty, unit_price: 1499.5 },
      ],
      created_at: "2026-02-01T00:00:00.000Z",
      updated_at: updated,
    });
    await deliverAndProcess("cart.updated", { id: "cart_1", cart: cart("2026-02-01T00:10:00.000Z", 3) });
    await deliverAndProcess("cart.updated", { id: "cart_1", cart: cart("2026-02-01T00:05:00.000Z", 1) });
    const [i] = await queryRows<{ quantity: number }>(
      h.db,
      sql`select quantity from cart_items where cart_id = 'cart_1'`,
    );
    expect(i!.quantity).toBe(3);
  });

  it("product.deleted marks the mirror row deleted; unknown events are stored and ignored with a reason", async () => {
    store.remove("products", "prod_0002");
    await deliverAndProcess("product.deleted", { id: "prod_0002" });
    const [p] = await queryRows<{ deleted_at: unknown }>(
      h.db,
      sql`select deleted_at from products where id = 'prod_0002'`,
    );
    expect(p!.deleted_at).not.toBeNull();

    const r = await deliverAndProcess("promotion.created", { id: "promo_1" });
    expect(r.result).toBe("ignored");
    const [e] = await queryRows<{ status: string; note: string }>(
      h.db,
      sql`select status, note from inbound_events where name = 'promotion.created'`,
    );
    expect(e).toMatchObject({ status: "ignored", note: expect.stringMatching(/promotion\.created/) });
  });

  it("inventory-level.updated re-reads the item's levels", async () => {
    const item = store.get("inventory_items", "iitem_0001_0")!;
    const levels = (item.location_levels as Record<string, unknown>[]).map((l) => ({
      ...l,
      stocked_quantity: 0,
      updated_at: "2026-02-03T00:00:00.000Z",
    }));
    store.put("inventory_items", { ...item, location_levels: levels });
    await deliverAndProcess("inventory-level.updated", {
      id: "ilev_0001_0",
      inventory_item_id: "iitem_0001_0",
    });
    const [l] = await queryRows<{ stocked_quantity: number }>(
      h.db,
      sql`select stocked_quantity from inventory_levels where id = 'ilev_0001_0'`,
    );
    expect(l!.stocked_quantity).toBe(0);
  });

  it("refuses bad signatures (nothing stored), malformed bodies (400 with reasons), and answers 503 without a secret", async () => {
    const before = await queryRows(h.db, sql`select id from inbound_events`);
    const body = JSON.stringify({
      id: "evt_forged",
      name: "order.placed",
      data: {},
      occurred_at: "2026-03-01T00:00:00Z",
    });
    const forged = await receiveMedusaWebhook(
      new Request("http://k/api", {
        method: "POST",
        body,
        headers: { "x-kosha-signature": signatureHeader("wrong", body) },
      }),
      { db: h.db, secret: SECRET, clock, dispatch: async () => {} },
    );
    expect(forged.status).toBe(401);
    const bad = JSON.stringify({ id: "", name: "order.placed", data: [] });
    const malformed = await receiveMedusaWebhook(
      new Request("http://k/api", {
        method: "POST",
        body: bad,
        headers: {
          "x-kosha-signature": signatureHeader(SECRET, bad, Math.floor(clock.now().getTime() / 1000)),
        },
      }),
      { db: h.db, secret: SECRET, clock, dispatch: async () => {} },
    );
    expect(malformed.status).toBe(400);
    const err = JSON.parse(malformed.body) as { error: { issues: { path: string }[] } };
    expect(err.error.issues.map((i) => i.path).sort()).toEqual(["data", "id", "occurred_at"]);
    const unconfigured = await receiveMedusaWebhook(new Request("http://k/api", { method: "POST", body }), {
      db: h.db,
      secret: undefined,
      dispatch: async () => {},
    });
    expect(unconfigured.status).toBe(503);
    expect(await queryRows(h.db, sql`select id from inbound_events`)).toHaveLength(before.length);
  });
});
