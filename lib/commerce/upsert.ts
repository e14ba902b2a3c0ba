import { and, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { schema } from "@/db";
import type {
  CartRecord,
  CustomerGroupRecord,
  CustomerRecord,
  InventoryItemRecord,
  InventoryLevelRecord,
  OrderRecord,
  PriceListRecord,
  ProductRecord,
  SalesChannelRecord,
  StockLocationRecord,
  VariantRecord,
} from "./records";
import { newestById } from "./newest";
import { deleteChildren, upsertPlain, upsertVersioned } from "./versioned-upsert";

/*
 * One upsert path per record type. The Medusa webhook processor, the Admin API sync and the demo
 * seeder all write through these, so "an older version never overwrites a newer one" holds for
 * every source. Each returns the ids it wrote (stale versions are skipped and not returned).
 */

const s = schema;

export const upsertSalesChannels = (db: Db, rows: SalesChannelRecord[]) =>
  upsertVersioned(db, s.salesChannels, rows);

export const upsertStockLocations = (db: Db, rows: StockLocationRecord[]) =>
  upsertVersioned(db, s.stockLocations, rows);

export const upsertProducts = (db: Db, rows: ProductRecord[]) => upsertVersioned(db, s.products, rows);

export const upsertInventoryItems = (db: Db, rows: InventoryItemRecord[]) =>
  upsertVersioned(db, s.inventoryItems, rows);

export const upsertCustomerGroups = (db: Db, rows: CustomerGroupRecord[]) =>
  upsertVersioned(db, s.customerGroups, rows);

export async function upsertInventoryLevels(db: Db, rows: InventoryLevelRecord[]): Promise<string[]> {
  return upsertVersioned(db, s.inventoryLevels, rows);
}

async function writeVariants(db: Db, batch: VariantRecord[]): Promise<string[]> {
  const rows = newestById(batch);
  const written = await upsertVersioned(
    db,
    s.variants,
    rows.map(({ inventoryItems: _links, ...v }) => v),
  );
  const ids = new Set(written);
  const withLinks = rows.filter((r) => r.inventoryItems && ids.has(r.id));
  if (withLinks.length > 0) {
    await deleteChildren(
      db,
      s.variantInventoryItems,
      s.variantInventoryItems.variantId,
      withLinks.map((r) => r.id),
    );
    await upsertPlain(
      db,
      s.variantInventoryItems,
      [s.variantInventoryItems.variantId, s.variantInventoryItems.inventoryItemId],
      withLinks.flatMap((r) => r.inventoryItems!.map((l) => ({ variantId: r.id, ...l }))),
    );
  }
  return written;
}

async function writeCustomers(db: Db, batch: CustomerRecord[]): Promise<string[]> {
  const rows = newestById(batch);
  const written = await upsertVersioned(
    db,
    s.customers,
    rows.map(({ groupIds: _g, ...c }) => c),
  );
  const ids = new Set(written);
  const grouped = rows.filter((r) => r.groupIds && ids.has(r.id));
  if (grouped.length > 0) {
    await deleteChildren(
      db,
      s.customerGroupMembers,
      s.customerGroupMembers.customerId,
      grouped.map((r) => r.id),
    );
    await upsertPlain(
      db,
      s.customerGroupMembers,
      [s.customerGroupMembers.groupId, s.customerGroupMembers.customerId],
      grouped.flatMap((r) => r.groupIds!.map((groupId) => ({ groupId, customerId: r.id }))),
    );
  }
  return written;
}

async function writeOrders(db: Db, batch: OrderRecord[]): Promise<string[]> {
  const rows = newestById(batch);
  const written = await upsertVersioned(
    db,
    s.orders,
    rows.map(({ items, ...o }) => ({ ...o, itemUnits: items.reduce((n, i) => n + i.quantity, 0) })),
  );
  const ids = new Set(written);
  const fresh = rows.filter((r) => ids.has(r.id));
  await deleteChildren(db, s.orderItems, s.orderItems.orderId, [...ids]);
  await upsertPlain(
    db,
    s.orderItems,
    [s.orderItems.id],
    fresh.flatMap((o) => o.items.map((i) => ({ ...i, orderId: o.id }))),
  );
  return written;
}

async function writeCarts(db: Db, batch: CartRecord[]): Promise<string[]> {
  const rows = await keepPreCheckoutActivity(db, newestById(batch));
  const written = await upsertVersioned(
    db,
    s.carts,
    rows.map(({ items: _i, ...c }) => c),
  );
  const ids = new Set(written);
  await deleteChildren(db, s.cartItems, s.cartItems.cartId, [...ids]);
  await upsertPlain(
    db,
    s.cartItems,
    [s.cartItems.id],
    rows.filter((r) => ids.has(r.id)).flatMap((c) => c.items.map((i) => ({ ...i, cartId: c.id }))),
  );
  return written;
}

async function writePriceLists(db: Db, batch: PriceListRecord[]): Promise<string[]> {
  const rows = newestById(batch);
  const written = await upsertVersioned(
    db,
    s.priceLists,
    rows.map(({ prices: _p, ...l }) => l),
  );
  const ids = new Set(written);
  await deleteChildren(db, s.priceListPrices, s.priceListPrices.priceListId, [...ids]);
  await upsertPlain(
    db,
    s.priceListPrices,
    [s.priceListPrices.id],
    rows.filter((r) => ids.has(r.id)).flatMap((l) => l.prices.map((p) => ({ ...p, priceListId: l.id }))),
  );
  return written;
}

/*
 * A parent and its children (order and items, cart and items, ...) are written in one
 * transaction, so a reader never sees an order whose items are mid-replacement.
 */
function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}

export const upsertVariants = (db: Db, batch: VariantRecord[]) =>
  inTransaction(db, (tx) => writeVariants(tx, batch));

export const upsertCustomers = (db: Db, batch: CustomerRecord[]) =>
  inTransaction(db, (tx) => writeCustomers(tx, batch));

export const upsertOrders = (db: Db, batch: OrderRecord[]) =>
  inTransaction(db, (tx) => writeOrders(tx, batch));

export const upsertCarts = (db: Db, batch: CartRecord[]) => inTransaction(db, (tx) => writeCarts(tx, batch));

export const upsertPriceLists = (db: Db, batch: PriceListRecord[]) =>
  inTransaction(db, (tx) => writePriceLists(tx, batch));

/**
 * A cart the mirror saw open keeps the last activity it had then when it arrives completed:
 * Medusa's completion bumps updated_at, and the shopper's real last move is what cart recovery
 * (abandoned = quiet for an hour before the order) is measured from.
 */
async function keepPreCheckoutActivity(db: Db, rows: CartRecord[]): Promise<CartRecord[]> {
  const completing = rows.filter((r) => r.completedAt !== null).map((r) => r.id);
  if (completing.length === 0) return rows;
  const open = await db
    .select({ id: s.carts.id, lastActivityAt: s.carts.lastActivityAt })
    .from(s.carts)
    .where(and(inArray(s.carts.id, completing), isNull(s.carts.completedAt)));
  if (open.length === 0) return rows;
  const before = new Map(open.map((o) => [o.id, o.lastActivityAt]));
  return rows.map((r) => {
    const prev = before.get(r.id);
    if (!prev || !r.completedAt || prev > r.completedAt) return r;
    // The later of what the mirror saw while open and what the record itself says (item times).
    const last =
      r.lastActivityAt >= r.completedAt
        ? prev
        : new Date(Math.max(prev.getTime(), r.lastActivityAt.getTime()));
    return { ...r, lastActivityAt: last };
  });
}
