import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { upsertCarts, upsertCustomers, upsertOrders, upsertVariants, type OrderRecord } from "@/lib/commerce";
import { engines, testDb, type TestDb } from "../support/db";

const at = (iso: string) => new Date(iso);

function order(id: string, version: string, overrides: Partial<OrderRecord> = {}): OrderRecord {
  return {
    id,
    status: "pending",
    paymentStatus: "captured",
    fulfillmentStatus: "not_fulfilled",
    paymentMethod: "prepaid",
    currencyCode: "inr",
    subtotalPaise: 149900,
    totalPaise: 149900,
    placedAt: at("2026-10-20T06:00:00Z"),
    sourceUpdatedAt: at(version),
    items: [
      { id: `${id}_i1`, title: "Bagru dabu saree", quantity: 1, unitPricePaise: 149900, totalPaise: 149900 },
    ],
    ...overrides,
  };
}

describe.each(engines)("the mirror keeps the newest version of every record on %s", (engine) => {
  let h: TestDb;
  beforeAll(async () => {
    h = await testDb(engine);
  });
  afterAll(async () => {
    await h.drop();
  });

  it("inserts, then replaces with a newer version, and ignores an older one", async () => {
    expect(await upsertOrders(h.db, [order("order_1", "2026-10-20T06:00:00Z")])).toEqual(["order_1"]);
    const newer = order("order_1", "2026-10-21T06:00:00Z", {
      status: "completed",
      items: [
        {
          id: "order_1_i1",
          title: "Bagru dabu saree",
          quantity: 2,
          unitPricePaise: 149900,
          totalPaise: 299800,
        },
        { id: "order_1_i2", title: "Mulmul dupatta", quantity: 1, unitPricePaise: 79900, totalPaise: 79900 },
      ],
      subtotalPaise: 379700,
      totalPaise: 379700,
    });
    expect(await upsertOrders(h.db, [newer])).toEqual(["order_1"]);
    const stale = order("order_1", "2026-10-20T12:00:00Z", { status: "canceled" });
    expect(await upsertOrders(h.db, [stale])).toEqual([]);

    const rows = await queryRows<{
      status: string;
      total: string | number;
      items: string | number;
      item_units: number;
      units: string | number;
    }>(
      h.db,
      sql`select status, total_paise as total, item_units,
                 (select count(*) from order_items where order_id = 'order_1') as items,
                 (select sum(quantity) from order_items where order_id = 'order_1') as units
            from orders where id = 'order_1'`,
    );
    expect(rows).toEqual([
      {
        status: "completed",
        total: expect.anything(),
        items: expect.anything(),
        item_units: 3,
        units: expect.anything(),
      },
    ]);
    expect(Number(rows[0]!.total)).toBe(379700);
    expect(Number(rows[0]!.items)).toBe(2);
    // The order's units follow the items written with it (2 + 1), not the stale version's 1.
    expect(Number(rows[0]!.units)).toBe(3);
  });

  it("treats an equal version as a re-delivery that may rewrite the same data", async () => {
    const same = order("order_2", "2026-10-22T00:00:00Z");
    expect(await upsertOrders(h.db, [same])).toEqual(["order_2"]);
    expect(await upsertOrders(h.db, [same])).toEqual(["order_2"]);
    const [r] = await queryRows<{ n: string | number }>(
      h.db,
      sql`select count(*) as n from order_items where order_id = 'order_2'`,
    );
    expect(Number(r!.n)).toBe(1);
  });

  it("keeps the newest of several versions arriving in one batch", async () => {
    const written = await upsertOrders(h.db, [
      order("order_3", "2026-10-23T03:00:00Z", { status: "completed" }),
      order("order_3", "2026-10-23T01:00:00Z", { status: "pending" }),
    ]);
    expect(written).toEqual(["order_3"]);
    const [r] = await queryRows<{ status: string }>(
      h.db,
      sql`select status from orders where id = 'order_3'`,
    );
    expect(r!.status).toBe("completed");
  });

  it("replaces child rows (cart items, variant links, group memberships) only when the parent is written", async () => {
    const cart = {
      id: "cart_1",
      email: "meera@example.in",
      currencyCode: "inr",
      createdAt: at("2026-10-01T00:00:00Z"),
      lastActivityAt: at("2026-10-01T00:10:00Z"),
      sourceUpdatedAt: at("2026-10-01T00:10:00Z"),
      items: [{ id: "ci_1", title: "Razai", quantity: 1, unitPricePaise: 349900 }],
    };
    await upsertCarts(h.db, [cart]);
    await upsertCarts(h.db, [{ ...cart, sourceUpdatedAt: at("2026-09-30T00:00:00Z"), items: [] }]);
    const [c] = await queryRows<{ n: string | number }>(
      h.db,
      sql`select count(*) as n from cart_items where cart_id = 'cart_1'`,
    );
    expect(Number(c!.n)).toBe(1);

    await upsertVariants(h.db, [
      {
        id: "variant_1",
        productId: "prod_1",
        sku: "SAR-BAG-001",
        title: "Default",
        pricePaise: 149900,
        createdAt: at("2026-01-01T00:00:00Z"),
        sourceUpdatedAt: at("2026-01-01T00:00:00Z"),
        inventoryItems: [{ inventoryItemId: "iitem_1", requiredQuantity: 1 }],
      },
    ]);
    await upsertCustomers(h.db, [
      {
        id: "cus_1",
        email: "meera@example.in",
        createdAt: at("2026-01-01T00:00:00Z"),
        sourceUpdatedAt: at("2026-01-01T00:00:00Z"),
        groupIds: ["cgrp_wholesale", "cgrp_vip"],
      },
    ]);
    await upsertCustomers(h.db, [
      {
        id: "cus_1",
        email: "meera@example.in",
        createdAt: at("2026-01-01T00:00:00Z"),
        sourceUpdatedAt: at("2026-02-01T00:00:00Z"),
        groupIds: ["cgrp_vip"],
      },
    ]);
    const groups = await queryRows<{ group_id: string }>(
      h.db,
      sql`select group_id from customer_group_members where customer_id = 'cus_1' order by group_id`,
    );
    expect(groups.map((g) => g.group_id)).toEqual(["cgrp_vip"]);
    const links = await queryRows<{ inventory_item_id: string }>(
      h.db,
      sql`select inventory_item_id from variant_inventory_items where variant_id = 'variant_1'`,
    );
    expect(links.map((l) => l.inventory_item_id)).toEqual(["iitem_1"]);
  });

  it("keeps a cart's last activity from before checkout when it arrives completed", async () => {
    const open = {
      id: "cart_chk",
      email: "meera@example.in",
      currencyCode: "inr",
      createdAt: at("2026-10-01T00:00:00Z"),
      lastActivityAt: at("2026-10-01T00:20:00Z"),
      sourceUpdatedAt: at("2026-10-01T00:20:00Z"),
      items: [{ id: "ci_chk", title: "Razai", quantity: 1, unitPricePaise: 349900 }],
    };
    await upsertCarts(h.db, [open]);
    // Medusa completes it two hours later and bumps updated_at to the completion.
    const done = at("2026-10-01T02:20:00Z");
    await upsertCarts(h.db, [{ ...open, completedAt: done, lastActivityAt: done, sourceUpdatedAt: done }]);
    const [c] = await queryRows<{ last: Date | string; completed: Date | string }>(
      h.db,
      sql`select last_activity_at as last, completed_at as completed from carts where id = 'cart_chk'`,
    );
    expect(new Date(c!.last).toISOString()).toBe("2026-10-01T00:20:00.000Z");
    expect(new Date(c!.completed).toISOString()).toBe("2026-10-01T02:20:00.000Z");
  });

  it("stores money as exact integer paise, in crores too", async () => {
    await upsertOrders(h.db, [
      order("order_big", "2026-10-25T00:00:00Z", { subtotalPaise: 9876543210999, totalPaise: 9876543210999 }),
    ]);
    const [r] = await queryRows<{ total: string | number }>(
      h.db,
      sql`select total_paise as total from orders where id = 'order_big'`,
    );
    expect(Number(r!.total)).toBe(9876543210999);
  });
});
