import type { InventoryItemRecord, InventoryLevelRecord } from "@/lib/commerce";
import type { MedusaInventoryItem, MedusaInventoryLevel } from "../schemas";
import { toDate } from "./values";

export function mapInventoryLevel(l: MedusaInventoryLevel): InventoryLevelRecord {
  return {
    id: l.id,
    inventoryItemId: l.inventory_item_id,
    locationId: l.location_id,
    stockedQuantity: l.stocked_quantity,
    reservedQuantity: l.reserved_quantity ?? 0,
    incomingQuantity: l.incoming_quantity ?? 0,
    sourceUpdatedAt: toDate(l.updated_at),
  };
}

export function mapInventoryItem(i: MedusaInventoryItem): {
  item: InventoryItemRecord;
  levels: InventoryLevelRecord[];
} {
  return {
    item: { id: i.id, sku: i.sku ?? null, sourceUpdatedAt: toDate(i.updated_at) },
    levels: (i.location_levels ?? []).filter((l) => !l.deleted_at).map(mapInventoryLevel),
  };
}
