import type { z } from "zod";
import {
  customerGroupSchema,
  customerSchema,
  inventoryItemSchema,
  orderSchema,
  priceListSchema,
  productSchema,
  salesChannelSchema,
  stockLocationSchema,
} from "./schemas";

/*
 * The Admin API list routes Kosha reads, with the `fields=` each asks for. `*rel` expands a
 * relation and `+f` adds a field while keeping Medusa's defaults (a bare name would replace them).
 */
export const RESOURCES = {
  sales_channels: {
    path: "/admin/sales-channels",
    listKey: "sales_channels",
    itemKey: "sales_channel",
    fields: "id,name,created_at,updated_at",
    schema: salesChannelSchema,
  },
  stock_locations: {
    path: "/admin/stock-locations",
    listKey: "stock_locations",
    itemKey: "stock_location",
    fields: "id,name,created_at,updated_at,*address",
    schema: stockLocationSchema,
  },
  products: {
    path: "/admin/products",
    listKey: "products",
    itemKey: "product",
    fields: "*variants,*variants.prices,*variants.inventory_items,*categories,*type,+metadata,+material",
    schema: productSchema,
  },
  inventory_items: {
    path: "/admin/inventory-items",
    listKey: "inventory_items",
    itemKey: "inventory_item",
    fields: "id,sku,created_at,updated_at,*location_levels",
    schema: inventoryItemSchema,
  },
  customer_groups: {
    path: "/admin/customer-groups",
    listKey: "customer_groups",
    itemKey: "customer_group",
    fields: "id,name,created_at,updated_at,deleted_at",
    schema: customerGroupSchema,
  },
  customers: {
    path: "/admin/customers",
    listKey: "customers",
    itemKey: "customer",
    fields: "*groups,*addresses,+has_account,+metadata,+phone",
    schema: customerSchema,
  },
  orders: {
    path: "/admin/orders",
    listKey: "orders",
    itemKey: "order",
    fields: [
      "*items",
      "*shipping_address",
      "*billing_address",
      "*payment_collections",
      "*payment_collections.payments",
      "*fulfillments",
      "+summary",
      "+payment_status",
      "+fulfillment_status",
      "+customer_id",
      "+email",
      "+currency_code",
      "+sales_channel_id",
      "+metadata",
      "+canceled_at",
      "+item_subtotal",
      "+subtotal",
      "+discount_total",
      "+shipping_total",
      "+tax_total",
      "+total",
    ].join(","),
    schema: orderSchema,
  },
  price_lists: {
    path: "/admin/price-lists",
    listKey: "price_lists",
    itemKey: "price_list",
    fields: "*prices,+rules",
    schema: priceListSchema,
  },
} as const satisfies Record<
  string,
  { path: string; listKey: string; itemKey: string; fields: string; schema: z.ZodType }
>;

export type ResourceName = keyof typeof RESOURCES;
export type ResourceRecord<R extends ResourceName> = z.infer<(typeof RESOURCES)[R]["schema"]>;
export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];
