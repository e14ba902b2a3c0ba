import type { ProductRecord, VariantRecord } from "@/lib/commerce";
import { rupeesToPaise } from "@/lib/money";
import { METADATA_KEYS as K, metaBool, metaString, metaValue } from "../metadata";
import type { MedusaPrice, MedusaProduct, MedusaVariant } from "../schemas";
import { toDate, toDateOrNull } from "./values";

/** Kosha sells in INR; a variant's list price is its INR price without rules (region, quantity). */
export function basePricePaise(prices: MedusaPrice[] | null | undefined, currency = "inr"): number {
  const all = prices ?? [];
  const inCurrency = all.filter((p) => p.currency_code.toLowerCase() === currency);
  const plain = inCurrency.find(
    (p) => !p.min_quantity && Object.keys(p.rules ?? {}).length === 0 && (p.price_rules ?? []).length === 0,
  );
  const chosen = plain ?? inCurrency[0];
  return chosen ? rupeesToPaise(chosen.amount) : 0;
}

export function mapProduct(p: MedusaProduct): ProductRecord {
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    status: p.status ?? "draft",
    category: metaString(p.metadata, K.product.category) ?? p.categories?.[0]?.name ?? p.type?.value ?? null,
    technique: metaString(p.metadata, K.product.technique),
    fabric: metaString(p.metadata, K.product.fabric) ?? p.material ?? null,
    discontinued: metaBool(p.metadata, K.product.discontinued),
    thumbnail: p.thumbnail ?? null,
    createdAt: toDate(p.created_at),
    sourceUpdatedAt: toDate(p.updated_at),
    deletedAt: toDateOrNull(p.deleted_at),
  };
}

export function mapVariant(v: MedusaVariant, productId: string): VariantRecord {
  const cost = metaValue(v.metadata, K.variant.unitCost);
  return {
    id: v.id,
    productId: v.product_id ?? productId,
    sku: v.sku ?? null,
    title: v.title ?? v.sku ?? v.id,
    pricePaise: basePricePaise(v.prices),
    costPaise: cost === undefined ? null : rupeesToPaise(cost as string | number),
    manageInventory: v.manage_inventory ?? true,
    createdAt: toDate(v.created_at),
    sourceUpdatedAt: toDate(v.updated_at),
    deletedAt: toDateOrNull(v.deleted_at),
    // Only replace the links when the response carried them (fields=*variants.inventory_items).
    ...(v.inventory_items
      ? {
          inventoryItems: v.inventory_items.map((l) => ({
            inventoryItemId: l.inventory_item_id,
            requiredQuantity: l.required_quantity ?? 1,
          })),
        }
      : {}),
  };
}

/** A product and its variants, as the mirror stores them. */
export function mapProductWithVariants(p: MedusaProduct): {
  product: ProductRecord;
  variants: VariantRecord[];
} {
  return { product: mapProduct(p), variants: (p.variants ?? []).map((v) => mapVariant(v, p.id)) };
}
