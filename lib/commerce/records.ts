import type { schema } from "@/db";

/*
 * Mirror records: the shape every source (the Medusa webhook processor, the Admin API sync, the
 * demo seeder) hands to the upserts. Derived from the Drizzle tables, never restated.
 */
type Insert<T extends { $inferInsert: unknown }> = Omit<T["$inferInsert"], "syncedAt">;

export type SalesChannelRecord = Insert<typeof schema.salesChannels>;
export type StockLocationRecord = Insert<typeof schema.stockLocations>;
export type ProductRecord = Insert<typeof schema.products>;
export type InventoryItemRecord = Insert<typeof schema.inventoryItems>;
export type InventoryLevelRecord = Insert<typeof schema.inventoryLevels>;
export type CustomerGroupRecord = Insert<typeof schema.customerGroups>;

export type VariantRecord = Insert<typeof schema.variants> & {
  /** When present, replaces the variant's inventory item links. */
  inventoryItems?: { inventoryItemId: string; requiredQuantity: number }[];
};

export type CustomerRecord = Insert<typeof schema.customers> & {
  /** When present, replaces the customer's group memberships. */
  groupIds?: string[];
};

export type OrderItemRecord = Omit<Insert<typeof schema.orderItems>, "orderId">;
/** item_units is not a source's to say: the upsert sums it from the items it writes. */
export type OrderRecord = Omit<Insert<typeof schema.orders>, "itemUnits"> & { items: OrderItemRecord[] };

export type CartItemRecord = Omit<Insert<typeof schema.cartItems>, "cartId">;
export type CartRecord = Insert<typeof schema.carts> & { items: CartItemRecord[] };

export type PriceListPriceRecord = Omit<Insert<typeof schema.priceListPrices>, "priceListId">;
export type PriceListRecord = Insert<typeof schema.priceLists> & { prices: PriceListPriceRecord[] };
