import { and, eq, inArray, isNull, notInArray } from "drizzle-orm";
import { schema, type Db } from "@/db";
import {
  upsertCustomerGroups,
  upsertCustomers,
  upsertInventoryItems,
  upsertInventoryLevels,
  upsertOrders,
  upsertPriceLists,
  upsertProducts,
  upsertSalesChannels,
  upsertStockLocations,
  upsertVariants,
} from "@/lib/commerce";
import {
  mapCustomer,
  mapCustomerGroup,
  mapInventoryItem,
  mapOrder,
  mapPriceList,
  mapProductWithVariants,
  mapSalesChannel,
  mapStockLocation,
} from "../mappers";
import type { ResourceName, ResourceRecord } from "../resources";

/*
 * Medusa records → the mirror, through lib/commerce's versioned upserts (an older version never
 * overwrites a newer one). Shared by the Admin API sync and the webhook processor. Returns how
 * many top-level records were actually written (stale ones are skipped).
 */

export async function applyProducts(db: Db, items: ResourceRecord<"products">[]): Promise<number> {
  const mapped = items.map(mapProductWithVariants);
  const written = await upsertProducts(
    db,
    mapped.map((m) => m.product),
  );
  const fresh = new Set(written);
  const current = mapped.filter((m) => fresh.has(m.product.id));
  await upsertVariants(
    db,
    current.flatMap((m) => m.variants),
  );
  // A variant missing from its (newer) product was deleted in Medusa; keep the row, mark it.
  for (const m of current) {
    const keep = m.variants.map((v) => v.id);
    await db
      .update(schema.variants)
      .set({ deletedAt: m.product.sourceUpdatedAt })
      .where(
        and(
          eq(schema.variants.productId, m.product.id),
          isNull(schema.variants.deletedAt),
          ...(keep.length ? [notInArray(schema.variants.id, keep)] : []),
        ),
      );
  }
  return written.length;
}

export async function applyInventoryItems(
  db: Db,
  items: ResourceRecord<"inventory_items">[],
): Promise<number> {
  const mapped = items.map(mapInventoryItem);
  const written = await upsertInventoryItems(
    db,
    mapped.map((m) => m.item),
  );
  await upsertInventoryLevels(
    db,
    mapped.flatMap((m) => m.levels),
  );
  // Levels Medusa no longer lists for an item (deleted location level) leave the mirror.
  for (const m of items.filter((i) => i.location_levels)) {
    const keep = mapped.find((x) => x.item.id === m.id)!.levels.map((l) => l.id);
    await db
      .delete(schema.inventoryLevels)
      .where(
        and(
          eq(schema.inventoryLevels.inventoryItemId, m.id),
          ...(keep.length ? [notInArray(schema.inventoryLevels.id, keep)] : []),
        ),
      );
  }
  return written.length;
}

export const applyOrders = async (db: Db, items: ResourceRecord<"orders">[]) =>
  (await upsertOrders(db, items.map(mapOrder))).length;

export const applyCustomers = async (db: Db, items: ResourceRecord<"customers">[]) =>
  (await upsertCustomers(db, items.map(mapCustomer))).length;

export async function applyRecords<R extends ResourceName>(
  db: Db,
  resource: R,
  items: ResourceRecord<R>[],
): Promise<number> {
  const any = items as never;
  switch (resource) {
    case "sales_channels":
      return (await upsertSalesChannels(db, (any as ResourceRecord<"sales_channels">[]).map(mapSalesChannel)))
        .length;
    case "stock_locations":
      return (
        await upsertStockLocations(db, (any as ResourceRecord<"stock_locations">[]).map(mapStockLocation))
      ).length;
    case "products":
      return applyProducts(db, any);
    case "inventory_items":
      return applyInventoryItems(db, any);
    case "customer_groups":
      return (
        await upsertCustomerGroups(db, (any as ResourceRecord<"customer_groups">[]).map(mapCustomerGroup))
      ).length;
    case "customers":
      return applyCustomers(db, any);
    case "orders":
      return applyOrders(db, any);
    case "price_lists":
      return (await upsertPriceLists(db, (any as ResourceRecord<"price_lists">[]).map(mapPriceList))).length;
    default:
      throw new Error(`no mirror for Medusa resource ${String(resource)}`);
  }
}

/** Inventory items linked to the given variants in the mirror (for "stock may have changed" re-reads). */
export async function inventoryItemIdsForVariants(db: Db, variantIds: string[]): Promise<string[]> {
  if (variantIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: schema.variantInventoryItems.inventoryItemId })
    .from(schema.variantInventoryItems)
    .where(inArray(schema.variantInventoryItems.variantId, variantIds));
  return rows.map((r) => r.id);
}
