import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, schema, type DbHandle } from "@/db";
import { startApp, TEST_SECRETS, type RunningApp } from "../support/app-server";
import { startMedusa, type RunningMedusa } from "./medusa-harness";
import {
  SEED,
  createCustomer,
  createProduct,
  placeOrder,
  setStock,
  setUpIndiaStore,
  type SeededProduct,
  type StoreContext,
} from "./medusa-seed";

/*
 * The shipped subscriber (integrations/medusa-subscriber/kosha-forwarder.ts) installed into a
 * real Medusa, forwarding to a running Kosha: changes made through Medusa's Admin API must reach
 * Kosha's mirror through the signed webhook within seconds, with no sync run in between.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const FORWARDER = path.resolve(here, "../../integrations/medusa-subscriber/kosha-forwarder.ts");
/** Generous for a loaded 2-core CI box; the observed latencies are logged. */
const ARRIVAL_TIMEOUT_MS = 20_000;

let medusa: RunningMedusa;
let kosha: RunningApp;
let mirror: DbHandle;
let ctx: StoreContext;
let kurta: SeededProduct;
let customerId: string;
const latencies: Record<string, number> = {};

/** Polls until `probe` returns a value, or fails with what Kosha's inbox and Medusa's log show. */
async function arrives<T>(what: string, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const value = await probe();
    if (value) {
      latencies[what] = Date.now() - t0;
      return value;
    }
    if (Date.now() - t0 > ARRIVAL_TIMEOUT_MS) {
      const inbox = await mirror.db
        .select({
          name: schema.inboundEvents.name,
          status: schema.inboundEvents.status,
          error: schema.inboundEvents.lastError,
        })
        .from(schema.inboundEvents);
      throw new Error(
        `${what} did not reach Kosha's mirror within ${ARRIVAL_TIMEOUT_MS} ms.\n` +
          `Kosha inbox: ${JSON.stringify(inbox)}\n--- Medusa log (tail) ---\n${medusa.log().slice(-6_000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const distDir = process.env.KOSHA_NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.resolve(here, "../..", distDir, "BUILD_ID")))
    throw new Error(
      `No Next.js build in ${distDir}: run \`KOSHA_NEXT_DIST_DIR=${distDir} npx next build\` first (startApp runs next start).`,
    );
  if (!existsSync(FORWARDER)) throw new Error(`The shipped subscriber ${FORWARDER} is missing`);

  medusa = await startMedusa();
  ctx = await setUpIndiaStore(medusa.admin);
  kurta = await createProduct(medusa.admin, ctx, SEED.kurta);
  customerId = await createCustomer(medusa.admin, SEED.meera);

  kosha = await startApp("postgres", {
    MEDUSA_URL: medusa.url,
    MEDUSA_API_KEY: medusa.apiKey,
    MEDUSA_WEBHOOK_SECRET: TEST_SECRETS.MEDUSA_WEBHOOK_SECRET,
  });
  mirror = await openDb({ engine: "postgres", url: kosha.env.DATABASE_URL!, max: 2 });

  // Medusa loads subscribers at boot only: install the forwarder and restart, as a store would.
  await medusa.restart({
    subscribers: [FORWARDER],
    env: {
      KOSHA_WEBHOOK_URL: `${kosha.baseUrl}/api/webhooks/medusa`,
      KOSHA_WEBHOOK_SECRET: TEST_SECRETS.MEDUSA_WEBHOOK_SECRET,
    },
  });
});

afterAll(async () => {
  console.log(
    `[contract] Medusa timings ${JSON.stringify(medusa?.timings)}; webhook arrival ms ${JSON.stringify(latencies)}`,
  );
  await mirror?.close();
  await kosha?.stop();
  await medusa?.stop();
});

describe("the Kosha forwarder subscriber in a real Medusa", () => {
  it("a new product reaches the mirror with its variant price and its stock", async () => {
    const saree = await createProduct(medusa.admin, ctx, SEED.saree);
    const variant = saree.variants[0]!;
    const product = await arrives(
      "product.created",
      async () => (await mirror.db.select().from(schema.products).where(eq(schema.products.id, saree.id)))[0],
    );
    expect(product).toMatchObject({
      handle: "sanganeri-mul-saree",
      status: "published",
      technique: "sanganeri",
    });
    const row = await arrives(
      "product variant",
      async () =>
        (await mirror.db.select().from(schema.variants).where(eq(schema.variants.id, variant.id)))[0],
    );
    expect(row).toMatchObject({ sku: "KC-SAR-SNG-01", pricePaise: 149_950, costPaise: 41_250 });
    const level = await arrives(
      "inventory-level.created",
      async () =>
        (
          await mirror.db
            .select()
            .from(schema.inventoryLevels)
            .where(eq(schema.inventoryLevels.inventoryItemId, variant.inventoryItemId!))
        )[0],
    );
    expect(level).toMatchObject({ locationId: ctx.locationId, stockedQuantity: 12, reservedQuantity: 0 });
  });

  it("a stock change reaches the mirror", async () => {
    const small = kurta.variants.find((v) => v.sku === "KC-KUR-BAG-S")!;
    await setStock(medusa.admin, small.inventoryItemId!, ctx.locationId, 9);
    const level = await arrives("inventory-level.updated", async () => {
      const [l] = await mirror.db
        .select()
        .from(schema.inventoryLevels)
        .where(eq(schema.inventoryLevels.inventoryItemId, small.inventoryItemId!));
      return l?.stockedQuantity === 9 ? l : undefined;
    });
    expect(level).toMatchObject({ locationId: ctx.locationId, stockedQuantity: 9 });
  });

  it("an order placed in Medusa reaches the mirror with its items, and its reservation moves stock", async () => {
    const variantIdBySku = Object.fromEntries(kurta.variants.map((v) => [v.sku, v.id]));
    const medium = kurta.variants.find((v) => v.sku === "KC-KUR-BAG-M")!;
    const placed = await placeOrder(medusa.admin, ctx, customerId, variantIdBySku, {
      customerEmail: SEED.meera.email,
      items: [{ sku: "KC-KUR-BAG-M", quantity: 2 }],
      shippingAddress: SEED.meeraGiftOrder.shippingAddress,
      metadata: { payment_method: "cod" },
    });
    // Wait for the order and its items together: lib/commerce writes the order row, then replaces
    // its items in a separate statement, so a read in between sees the order without items.
    const { order, items } = await arrives("order.placed", async () => {
      const [o] = await mirror.db.select().from(schema.orders).where(eq(schema.orders.id, placed.id));
      const its = await mirror.db
        .select()
        .from(schema.orderItems)
        .where(eq(schema.orderItems.orderId, placed.id));
      return o && its.length > 0 ? { order: o, items: its } : undefined;
    });
    expect(order).toMatchObject({
      displayId: placed.displayId,
      customerId,
      status: "pending",
      currencyCode: "inr",
      paymentMethod: "cod",
      totalPaise: 439_800,
      shippingPincode: "302004",
    });
    expect(items.map((i) => [i.variantId, i.sku, i.quantity, i.unitPricePaise, i.totalPaise])).toEqual([
      [medium.id, "KC-KUR-BAG-M", 2, 219_900, 439_800],
    ]);
    const level = await arrives("reservation of the order", async () => {
      const [l] = await mirror.db
        .select()
        .from(schema.inventoryLevels)
        .where(eq(schema.inventoryLevels.inventoryItemId, medium.inventoryItemId!));
      return l?.reservedQuantity === 2 ? l : undefined;
    });
    expect(level).toMatchObject({ stockedQuantity: 3, reservedQuantity: 2 });
  });

  it("a customer edit reaches the mirror", async () => {
    await medusa.admin.post(`/admin/customers/${customerId}`, {
      first_name: "Meenakshi",
      phone: "+91 94140 55555",
    });
    const customer = await arrives("customer.updated", async () => {
      const [c] = await mirror.db.select().from(schema.customers).where(eq(schema.customers.id, customerId));
      return c?.firstName === "Meenakshi" ? c : undefined;
    });
    expect(customer).toMatchObject({
      email: "meera.sharma@example.in",
      phone: "+919414055555",
      city: "Jaipur",
    });
  });

  it("stored every forwarded event once, verified, and processed none of them as failed", async () => {
    const inbox = await mirror.db.select().from(schema.inboundEvents);
    const names = new Set(inbox.map((e) => e.name));
    for (const name of ["product.created", "inventory-level.updated", "order.placed", "customer.updated"])
      expect(names, `inbox has ${name}`).toContain(name);
    expect(inbox.every((e) => e.source === "medusa")).toBe(true);
    expect(new Set(inbox.map((e) => e.externalId)).size).toBe(inbox.length);
    expect(inbox.filter((e) => e.status === "failed")).toEqual([]);
  });
});
