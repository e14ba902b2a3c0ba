export * from "./records";
export {
  upsertSalesChannels,
  upsertStockLocations,
  upsertProducts,
  upsertVariants,
  upsertInventoryItems,
  upsertInventoryLevels,
  upsertCustomerGroups,
  upsertCustomers,
  upsertOrders,
  upsertCarts,
  upsertPriceLists,
} from "./upsert";
/** Generic insert-or-replace for unversioned rows (links, traffic), sent as one JSON batch. */
export { upsertPlain } from "./versioned-upsert";
