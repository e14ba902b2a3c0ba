import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "@/db";
import { liveTransport, medusaClient, syncMedusa } from "@/lib/medusa";
import { rupeesToPaise } from "@/lib/money";
import { engines, testDb, type TestDb } from "../support/db";
import type { Json } from "./medusa-admin";
import { startMedusa, type RunningMedusa } from "./medusa-harness";
import { seedViaAdminApi, type SeededStore } from "./medusa-seed";

/*
 * The Admin API sync against a real Medusa: seed it through its Admin API, run syncMedusa, and
 * compare the mirror with what Medusa itself answers, field by field. The expected values come
 * from Medusa's own read-back (read here with the harness's client and its own `fields=`, not
 * lib/medusa's) plus the seed's known business facts (paise, stock, metadata mapping).
 */

type MedusaProduct = Json & {
  id: string;
  handle: string;
  title: string;
  status: string;
  created_at: string;
  updated_at: string;
  variants: (Json & {
    id: string;
    sku: string;
    title: string;
    manage_inventory: boolean;
    prices: { amount: number; currency_code: string }[];
    inventory_items: { inventory_item_id: string; required_quantity: number }[];
    updated_at: string;
  })[];
};
type MedusaLevel = {
  id: string;
  inventory_item_id: string;
  location_id: string;
  stocked_quantity: number;
  reserved_quantity: number;
  incoming_quantity: number;
  updated_at: string;
};
type MedusaItem = { id: string; sku: string; location_levels: MedusaLevel[] };
type MedusaCustomer = {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  updated_at: string;
};
type MedusaOrder = Json & {
  id: string;
  display_id: number;
  customer_id: string;
  status: string;
  payment_status: string;
  fulfillment_status: string;
  currency_code: string;
  sales_channel_id: string;
  item_subtotal: number;
  total: number;
  created_at: string;
  updated_at: string;
  items: {
    id: string;
    variant_id: string;
    product_id: string;
    variant_sku: string;
    quantity: number;
    unit_price: number;
    total: number;
    product_title: string;
  }[];
};

let medusa: RunningMedusa;
let seeded: SeededStore;
const fromMedusa = {} as {
  products: MedusaProduct[];
  items: MedusaItem[];
  customers: MedusaCustomer[];
  orders: MedusaOrder[];
};

beforeAll(async () => {
  medusa = await startMedusa();
  seeded = await seedViaAdminApi(medusa.admin);
  const a = medusa.admin;
  fromMedusa.products = (
    await a.get<{ products: MedusaProduct[] }>("/admin/products", {
      fields: "*variants,*variants.prices,*variants.inventory_items,+metadata,+material",
      limit: 100,
    })
  ).products;
  fromMedusa.items = (
    await a.get<{ inventory_items: MedusaItem[] }>("/admin/inventory-items", {
      fields: "id,sku,*location_levels",
      limit: 100,
    })
  ).inventory_items;
  fromMedusa.customers = (
    await a.get<{ customers: MedusaCustomer[] }>("/admin/customers", {
      fields: "*addresses,+metadata",
      limit: 100,
    })
  ).customers;
  fromMedusa.orders = (
    await a.get<{ orders: MedusaOrder[] }>("/admin/orders", {
      fields:
        "*items,*shipping_address,*billing_address,+customer_id,+email,+currency_code,+sales_channel_id,+payment_status,+fulfillment_status,+item_subtotal,+subtotal,+total,+metadata",
      limit: 100,
    })
  ).orders;
});

afterAll(async () => {
  console.log(`[contract] Medusa ${medusa?.version} timings ${JSON.stringify(medusa?.timings)}`);
  await medusa?.stop();
});

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
const at = (iso: string) => new Date(iso).getTime();

describe.each(engines)("syncMedusa from a real Medusa into %s", (engine) => {
  let h: TestDb;

  beforeAll(async () => {
    h = await testDb(engine);
    const client = medusaClient(liveTransport({ baseUrl: medusa.url, apiKey: medusa.apiKey }));
    const results = await syncMedusa(h.db, client, { mode: "full" });
    const fetched = Object.fromEntries(results.map((r) => [r.resource, r.fetched]));
    expect(fetched).toMatchObject({ products: 3, inventory_items: 4, customers: 2, orders: 2 });
  });

  afterAll(async () => {
    await h?.drop();
  });

  it("mirrors the sales channel and the Jaipur stock location", async () => {
    const channels = await h.db.select().from(schema.salesChannels);
    expect(channels.map((c) => c.id)).toEqual([seeded.salesChannelId]);
    const locations = await h.db.select().from(schema.stockLocations);
    expect(locations).toEqual([
      expect.objectContaining({ id: seeded.locationId, name: "Jaipur warehouse", city: "Jaipur" }),
    ]);
  });

  it("mirrors products: title, handle, status, timestamps and the metadata mapping", async () => {
    const rows = byId(await h.db.select().from(schema.products));
    expect(rows.size).toBe(fromMedusa.products.length);
    for (const p of fromMedusa.products) {
      const row = rows.get(p.id);
      expect(row, `product ${p.handle}`).toBeDefined();
      expect(row).toMatchObject({ handle: p.handle, title: p.title, status: p.status });
      expect(row!.createdAt.getTime()).toBe(at(p.created_at));
      expect(row!.sourceUpdatedAt.getTime()).toBe(at(p.updated_at));
      expect(row!.deletedAt).toBeNull();
    }
    const byHandle = new Map([...rows.values()].map((r) => [r.handle, r]));
    // Metadata keys as the store sets them: `print` aliases technique, `material` backs fabric.
    expect(byHandle.get("sanganeri-mul-saree")).toMatchObject({
      status: "published",
      category: "saree",
      technique: "sanganeri",
      fabric: "mul",
      discontinued: false,
    });
    expect(byHandle.get("bagru-cotton-kurta")).toMatchObject({
      category: "kurta",
      technique: "bagru",
      fabric: "cotton",
      discontinued: false,
    });
    expect(byHandle.get("dabu-indigo-dupatta")).toMatchObject({
      status: "draft",
      category: "dupatta",
      technique: "dabu",
      fabric: "chanderi",
      discontinued: true,
    });
  });

  it("mirrors variants: SKU, title, INR price and unit cost in paise, manage_inventory, inventory links", async () => {
    const rows = byId(await h.db.select().from(schema.variants));
    const links = await h.db.select().from(schema.variantInventoryItems);
    const medusaVariants = fromMedusa.products.flatMap((p) =>
      p.variants.map((v) => ({ ...v, productId: p.id })),
    );
    expect(rows.size).toBe(medusaVariants.length);
    for (const v of medusaVariants) {
      const row = rows.get(v.id);
      expect(row, `variant ${v.sku}`).toBeDefined();
      const inr = v.prices.find((p) => p.currency_code === "inr")!;
      expect(row).toMatchObject({
        productId: v.productId,
        sku: v.sku,
        title: v.title,
        pricePaise: rupeesToPaise(inr.amount),
        manageInventory: v.manage_inventory,
        deletedAt: null,
      });
      expect(row!.sourceUpdatedAt.getTime()).toBe(at(v.updated_at));
      expect(
        links.filter((l) => l.variantId === v.id).map((l) => [l.inventoryItemId, l.requiredQuantity]),
      ).toEqual(v.inventory_items.map((l) => [l.inventory_item_id, l.required_quantity]));
    }
    const bySku = new Map([...rows.values()].map((r) => [r.sku, r]));
    expect(bySku.get("KC-SAR-SNG-01")).toMatchObject({ pricePaise: 149_950, costPaise: 41_250 });
    expect(bySku.get("KC-KUR-BAG-S")).toMatchObject({ pricePaise: 219_900, costPaise: 64_000 });
    expect(bySku.get("KC-KUR-BAG-L")).toMatchObject({ pricePaise: 229_999, costPaise: null });
    expect(bySku.get("KC-DUP-DAB-01")).toMatchObject({ pricePaise: 89_975, manageInventory: false });
  });

  it("mirrors inventory items and levels: stocked, reserved by the placed orders, incoming", async () => {
    const items = byId(await h.db.select().from(schema.inventoryItems));
    const levels = byId(await h.db.select().from(schema.inventoryLevels));
    const medusaLevels = fromMedusa.items.flatMap((i) => i.location_levels);
    expect(items.size).toBe(fromMedusa.items.length);
    expect(levels.size).toBe(medusaLevels.length);
    for (const i of fromMedusa.items) expect(items.get(i.id)).toMatchObject({ sku: i.sku });
    for (const l of medusaLevels) {
      expect(levels.get(l.id), `level ${l.id}`).toMatchObject({
        inventoryItemId: l.inventory_item_id,
        locationId: l.location_id,
        stockedQuantity: l.stocked_quantity,
        reservedQuantity: l.reserved_quantity,
        incomingQuantity: l.incoming_quantity,
      });
      expect(levels.get(l.id)!.sourceUpdatedAt.getTime()).toBe(at(l.updated_at));
    }
    // The seed's stock less what the two converted draft orders reserved.
    const skuOf = new Map(fromMedusa.items.map((i) => [i.id, i.sku]));
    const stock = Object.fromEntries(
      [...levels.values()].map((l) => [
        skuOf.get(l.inventoryItemId),
        [l.stockedQuantity, l.reservedQuantity],
      ]),
    );
    expect(stock).toEqual({
      "KC-SAR-SNG-01": [12, 2],
      "KC-KUR-BAG-S": [5, 1],
      "KC-KUR-BAG-M": [3, 1],
      "KC-KUR-BAG-L": [4, 0],
    });
  });

  it("mirrors customers: lower-cased email, E.164 phone, default address, marketing consent", async () => {
    const rows = byId(await h.db.select().from(schema.customers));
    expect(rows.size).toBe(fromMedusa.customers.length);
    for (const c of fromMedusa.customers) {
      expect(rows.get(c.id), `customer ${c.email}`).toMatchObject({
        email: c.email.toLowerCase(),
        firstName: c.first_name,
        lastName: c.last_name,
        hasAccount: false,
        deletedAt: null,
      });
      expect(rows.get(c.id)!.sourceUpdatedAt.getTime()).toBe(at(c.updated_at));
    }
    expect(rows.get(seeded.customers["meera.sharma@example.in"]!)).toMatchObject({
      phone: "+919829012345",
      city: "Jaipur",
      state: "Rajasthan",
      pincode: "302001",
      marketingConsent: true,
      consentSource: "medusa",
      consentAt: new Date("2025-01-15T10:00:00.000Z"),
    });
    expect(rows.get(seeded.customers["arjun.rao@example.com"]!)).toMatchObject({
      phone: "+919876543210",
      city: "Bengaluru",
      state: "Karnataka",
      pincode: "560001",
      marketingConsent: false,
      consentSource: null,
      consentAt: null,
    });
  });

  it("mirrors orders with their items: customer, statuses, totals in paise, payment method, addresses", async () => {
    const rows = byId(await h.db.select().from(schema.orders));
    const items = await h.db.select().from(schema.orderItems).orderBy(asc(schema.orderItems.id));
    expect(rows.size).toBe(fromMedusa.orders.length);
    for (const o of fromMedusa.orders) {
      const row = rows.get(o.id);
      expect(row, `order #${o.display_id}`).toBeDefined();
      expect(row).toMatchObject({
        displayId: o.display_id,
        customerId: o.customer_id,
        status: o.status,
        paymentStatus: o.payment_status,
        fulfillmentStatus: o.fulfillment_status,
        currencyCode: o.currency_code,
        salesChannelId: o.sales_channel_id,
        subtotalPaise: rupeesToPaise(o.item_subtotal),
        totalPaise: rupeesToPaise(o.total),
      });
      expect(row!.placedAt.getTime()).toBe(at(o.created_at));
      expect(row!.sourceUpdatedAt.getTime()).toBe(at(o.updated_at));
      const mine = items.filter((i) => i.orderId === o.id);
      expect(mine.map((i) => i.id).sort()).toEqual(o.items.map((i) => i.id).sort());
      for (const i of o.items) {
        expect(mine.find((m) => m.id === i.id)).toMatchObject({
          variantId: i.variant_id,
          productId: i.product_id,
          sku: i.variant_sku,
          title: i.product_title,
          quantity: i.quantity,
          unitPricePaise: rupeesToPaise(i.unit_price),
          totalPaise: rupeesToPaise(i.total),
        });
      }
    }
    const [first, second] = seeded.orders.map((o) => rows.get(o.id)!);
    // 2 × ₹1,499.50 + 1 × ₹2,199, no shipping, tax or discount on a converted draft order.
    expect(first).toMatchObject({
      customerId: seeded.customers["meera.sharma@example.in"],
      email: "meera.sharma@example.in",
      status: "pending",
      paymentStatus: "not_paid",
      fulfillmentStatus: "not_fulfilled",
      paymentMethod: "cod",
      isGift: true,
      giftNote: "For Maa",
      currencyCode: "inr",
      subtotalPaise: 519_800,
      discountPaise: 0,
      shippingPaise: 0,
      taxPaise: 0,
      totalPaise: 519_800,
      shippingCity: "Jaipur",
      shippingPincode: "302004",
      billingPincode: "302001",
      shipToDiffers: true,
      isRto: false,
      refundedPaise: 0,
    });
    expect(second).toMatchObject({
      customerId: seeded.customers["arjun.rao@example.com"],
      paymentMethod: "prepaid",
      isGift: false,
      totalPaise: 219_900,
      shippingCity: "Bengaluru",
      shipToDiffers: false,
    });
    expect(
      items
        .filter((i) => i.orderId === first!.id)
        .map((i) => [i.sku, i.quantity, i.unitPricePaise, i.totalPaise])
        .sort(),
    ).toEqual([
      ["KC-KUR-BAG-M", 1, 219_900, 219_900],
      ["KC-SAR-SNG-01", 2, 149_950, 299_900],
    ]);
  });

  it("changes nothing when the same full sync runs again", async () => {
    const before = await h.db.select().from(schema.orders).orderBy(asc(schema.orders.id));
    const client = medusaClient(liveTransport({ baseUrl: medusa.url, apiKey: medusa.apiKey }));
    await syncMedusa(h.db, client, { mode: "full" });
    expect(await h.db.select().from(schema.orders).orderBy(asc(schema.orders.id))).toEqual(
      before.map((o) => ({ ...o, syncedAt: expect.any(Date) })),
    );
  });
});
