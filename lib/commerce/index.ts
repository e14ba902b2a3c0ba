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
