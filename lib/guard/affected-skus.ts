import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";

export type MirrorChangeKind = "inventory" | "product" | "variant" | "order";

/**
 * The SKUs whose verdict a mirror change can move. Inventory ids may be inventory level or
 * inventory item ids (Medusa's inventory events carry the level id); an order moves the stock,
 * last sale and revenue of every SKU on it.
 */
export async function skusAffectedBy(
  db: Db,
  change: { kind: MirrorChangeKind; ids: readonly string[] },
): Promise<string[]> {
  if (change.ids.length === 0) return [];
  const ids = JSON.stringify(change.ids);
  const idSet = sql`(select jsonb_array_elements_text(${ids}::jsonb))`;
  const query = {
    inventory: sql`select distinct v.sku from variants v join variant_inventory_items vii on vii.variant_id = v.id
                    where v.sku is not null and (vii.inventory_item_id in ${idSet}
                       or vii.inventory_item_id in (select inventory_item_id from inventory_levels where id in ${idSet}))`,
    product: sql`select distinct sku from variants where sku is not null and product_id in ${idSet}`,
    variant: sql`select distinct sku from variants where sku is not null and id in ${idSet}`,
    order: sql`select distinct coalesce(v.sku, oi.sku) as sku from order_items oi
                 left join variants v on v.id = oi.variant_id
                where coalesce(v.sku, oi.sku) is not null and oi.order_id in ${idSet}`,
  }[change.kind];
  return (await queryRows<{ sku: string }>(db, query)).map((r) => r.sku).sort();
}
