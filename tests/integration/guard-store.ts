import type { Db } from "@/db";
import {
  upsertInventoryItems,
  upsertInventoryLevels,
  upsertOrders,
  upsertProducts,
  upsertStockLocations,
  upsertVariants,
} from "@/lib/commerce";

/*
 * Tiny stores for guard tests, written through the same lib/commerce upserts the Medusa sync
 * uses. One product per SKU unless `productId` groups several.
 */
export const T0 = new Date("2024-01-01T00:00:00Z");

export interface SkuSpec {
  sku: string;
  category?: string | null;
  technique?: string | null;
  pricePaise?: number;
  costPaise?: number | null;
  /** [stocked, reserved] per location; null = the variant does not manage inventory. */
  levels?: [number, number][] | null;
  /** Units of the inventory item one sale consumes (kits). */
  requiredQuantity?: number;
  status?: string;
  discontinued?: boolean;
  createdAt?: Date;
  productId?: string;
}

let seq = 0;

export async function addLocations(db: Db, n = 3) {
  await upsertStockLocations(
    db,
    Array.from({ length: n }, (_, i) => ({ id: `loc_${i}`, name: `Location ${i}`, sourceUpdatedAt: T0 })),
  );
}

export async function addSku(db: Db, spec: SkuSpec, version = T0): Promise<void> {
  const productId = spec.productId ?? `prod_${spec.sku}`;
  const createdAt = spec.createdAt ?? T0;
  await upsertProducts(db, [
    {
      id: productId,
      handle: productId,
      title: `Product ${spec.sku}`,
      status: spec.status ?? "published",
      category: spec.category === undefined ? "dupatta" : spec.category,
      technique: spec.technique === undefined ? "sanganeri" : spec.technique,
      discontinued: spec.discontinued ?? false,
      createdAt,
      sourceUpdatedAt: version,
    },
  ]);
  const levels = spec.levels === undefined ? [[10, 0] as [number, number]] : spec.levels;
  const itemId = `iitem_${spec.sku}`;
  await upsertVariants(db, [
    {
      id: `var_${spec.sku}`,
      productId,
      sku: spec.sku,
      title: spec.sku,
      pricePaise: spec.pricePaise ?? 150_000,
      costPaise: spec.costPaise === undefined ? 40_000 : spec.costPaise,
      manageInventory: levels !== null,
      createdAt,
      sourceUpdatedAt: version,
      inventoryItems:
        levels === null ? [] : [{ inventoryItemId: itemId, requiredQuantity: spec.requiredQuantity ?? 1 }],
    },
  ]);
  if (levels !== null) {
    await upsertInventoryItems(db, [{ id: itemId, sku: spec.sku, sourceUpdatedAt: version }]);
    await setStock(db, spec.sku, levels, version);
  }
}

export async function setStock(db: Db, sku: string, levels: [number, number][], version: Date) {
  await upsertInventoryLevels(
    db,
    levels.map(([stocked, reserved], i) => ({
      id: `ilev_${sku}_${i}`,
      inventoryItemId: `iitem_${sku}`,
      locationId: `loc_${i}`,
      stockedQuantity: stocked,
      reservedQuantity: reserved,
      sourceUpdatedAt: version,
    })),
  );
}

/** A counted (or canceled) order of one line. */
export async function sell(
  db: Db,
  sku: string,
  placedAt: Date,
  opts: { quantity?: number; unitPricePaise?: number; status?: string; customerId?: string } = {},
): Promise<string> {
  const id = `order_${++seq}_${sku}`;
  const qty = opts.quantity ?? 1;
  const unit = opts.unitPricePaise ?? 150_000;
  await upsertOrders(db, [
    {
      id,
      customerId: opts.customerId ?? null,
      status: opts.status ?? "completed",
      paymentStatus: "captured",
      fulfillmentStatus: "delivered",
      paymentMethod: "prepaid",
      currencyCode: "inr",
      subtotalPaise: unit * qty,
      totalPaise: unit * qty,
      placedAt,
      sourceUpdatedAt: placedAt,
      items: [
        {
          id: `${id}_l1`,
          variantId: `var_${sku}`,
          productId: `prod_${sku}`,
          sku,
          title: sku,
          quantity: qty,
          unitPricePaise: unit,
          totalPaise: unit * qty,
        },
      ],
    },
  ]);
  return id;
}
