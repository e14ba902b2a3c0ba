export { mapProduct, mapVariant, mapProductWithVariants, basePricePaise } from "./products";
export { mapInventoryItem, mapInventoryLevel } from "./inventory";
export { mapCustomer, mapCustomerGroup } from "./customers";
export { mapOrder, paymentMethod, paymentProviderIds } from "./orders";
export { mapCart } from "./carts";
export { mapSalesChannel, mapStockLocation, mapPriceList } from "./catalog";
export { toE164 } from "./values";
