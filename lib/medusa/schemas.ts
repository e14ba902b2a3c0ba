import { z } from "zod";

/*
 * The Medusa v2 Admin API payloads Kosha reads, as zod schemas. Only fields Kosha uses are
 * listed; unknown keys are dropped. Shapes follow @medusajs/types `http/*` (AdminProduct,
 * AdminInventoryItem, AdminCustomer, AdminOrder, AdminPriceList, StoreCart). Most fields are
 * optional because `fields=` decides what a response carries.
 */

/** Medusa v2 amounts: decimal rupees as a number, a string, or a BigNumber `{ value }`. */
export const amount = z.union([
  z.number(),
  z.string(),
  z.object({ value: z.union([z.string(), z.number()]) }).loose(),
]);
export type Amount = z.infer<typeof amount>;

const id = z.string().min(1);
const instant = z.union([z.string(), z.date()]);
const nullableInstant = instant.nullish();
const text = z.string().nullish();
const metadata = z.record(z.string(), z.unknown()).nullish();

export const salesChannelSchema = z.object({
  id,
  name: z.string(),
  created_at: nullableInstant,
  updated_at: instant,
});

export const stockLocationSchema = z.object({
  id,
  name: z.string(),
  address: z.object({ city: text }).nullish(),
  created_at: nullableInstant,
  updated_at: instant,
});

export const priceSchema = z.object({
  id: z.string().optional(),
  amount,
  currency_code: z.string(),
  min_quantity: z.number().nullish(),
  max_quantity: z.number().nullish(),
  rules: z.record(z.string(), z.unknown()).nullish(),
  price_rules: z.array(z.unknown()).nullish(),
});

export const variantInventoryLinkSchema = z.object({
  inventory_item_id: id,
  required_quantity: z.number().int().positive().nullish(),
});

export const variantSchema = z.object({
  id,
  title: text,
  sku: text,
  product_id: text,
  manage_inventory: z.boolean().nullish(),
  prices: z.array(priceSchema).nullish(),
  inventory_items: z.array(variantInventoryLinkSchema).nullish(),
  metadata,
  created_at: instant,
  updated_at: instant,
  deleted_at: nullableInstant,
});

export const productSchema = z.object({
  id,
  title: z.string(),
  handle: z.string(),
  status: z.string().nullish(),
  thumbnail: text,
  material: text,
  categories: z.array(z.object({ id, name: z.string(), handle: text })).nullish(),
  type: z.object({ value: z.string() }).nullish(),
  variants: z.array(variantSchema).nullish(),
  metadata,
  created_at: instant,
  updated_at: instant,
  deleted_at: nullableInstant,
});

export const inventoryLevelSchema = z.object({
  id,
  inventory_item_id: id,
  location_id: id,
  stocked_quantity: z.number(),
  reserved_quantity: z.number().nullish(),
  incoming_quantity: z.number().nullish(),
  created_at: nullableInstant,
  updated_at: instant,
  deleted_at: nullableInstant,
});

export const inventoryItemSchema = z.object({
  id,
  sku: text,
  location_levels: z.array(inventoryLevelSchema).nullish(),
  created_at: nullableInstant,
  updated_at: instant,
});

export const reservationSchema = z.object({
  id,
  inventory_item_id: id,
  location_id: text,
  quantity: z.number().nullish(),
  updated_at: nullableInstant,
});

export const addressSchema = z.object({
  first_name: text,
  last_name: text,
  phone: text,
  address_1: text,
  address_2: text,
  city: text,
  province: text,
  postal_code: text,
  country_code: text,
});

export const customerAddressSchema = addressSchema.extend({
  is_default_shipping: z.boolean().nullish(),
  is_default_billing: z.boolean().nullish(),
});

export const customerGroupSchema = z.object({
  id,
  name: z.string().nullish(),
  created_at: instant,
  updated_at: instant,
  deleted_at: nullableInstant,
});

export const customerSchema = z.object({
  id,
  email: text,
  phone: text,
  first_name: text,
  last_name: text,
  has_account: z.boolean().nullish(),
  addresses: z.array(customerAddressSchema).nullish(),
  groups: z.array(z.object({ id })).nullish(),
  metadata,
  created_at: instant,
  updated_at: instant,
  deleted_at: nullableInstant,
});

export const lineItemSchema = z.object({
  id,
  title: z.string(),
  product_title: text,
  variant_id: text,
  product_id: text,
  variant_sku: text,
  quantity: z.number(),
  unit_price: amount,
  total: amount.nullish(),
  subtotal: amount.nullish(),
});

const paymentCollectionSchema = z.object({
  id,
  status: z.string().nullish(),
  amount: amount.nullish(),
  refunded_amount: amount.nullish(),
  payment_providers: z.array(z.object({ id })).nullish(),
  payment_sessions: z.array(z.object({ provider_id: z.string() })).nullish(),
  payments: z.array(z.object({ provider_id: z.string(), refunded_amount: amount.nullish() })).nullish(),
});

const fulfillmentSchema = z.object({
  id,
  shipped_at: nullableInstant,
  delivered_at: nullableInstant,
  canceled_at: nullableInstant,
});

const returnSchema = z.object({
  id,
  status: z.string().nullish(),
  received_at: nullableInstant,
});

export const orderSchema = z.object({
  id,
  display_id: z.number().int().nullish(),
  status: z.string(),
  payment_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  customer_id: text,
  email: text,
  currency_code: z.string(),
  sales_channel_id: text,
  /** Not an Admin API field: the order ↔ cart link, present when `fields=+cart.id` resolves it. */
  cart: z.object({ id }).nullish(),
  items: z.array(lineItemSchema).nullish(),
  shipping_address: addressSchema.nullish(),
  billing_address: addressSchema.nullish(),
  payment_collections: z.array(paymentCollectionSchema).nullish(),
  fulfillments: z.array(fulfillmentSchema).nullish(),
  returns: z.array(returnSchema).nullish(),
  summary: z
    .object({
      refunded_total: amount.nullish(),
      returned_total: amount.nullish(),
    })
    .loose()
    .nullish(),
  item_subtotal: amount.nullish(),
  subtotal: amount.nullish(),
  discount_total: amount.nullish(),
  shipping_total: amount.nullish(),
  tax_total: amount.nullish(),
  total: amount.nullish(),
  metadata,
  canceled_at: nullableInstant,
  created_at: instant,
  updated_at: instant,
});

export const priceListSchema = z.object({
  id,
  title: z.string(),
  type: z.string(),
  status: z.string(),
  starts_at: nullableInstant,
  ends_at: nullableInstant,
  rules: z.record(z.string(), z.unknown()).nullish(),
  prices: z.array(priceSchema.extend({ id, variant_id: id })).nullish(),
  created_at: nullableInstant,
  updated_at: instant,
  deleted_at: nullableInstant,
});

export const cartSchema = z.object({
  id,
  customer_id: text,
  email: text,
  sales_channel_id: text,
  currency_code: z.string(),
  shipping_address: addressSchema.nullish(),
  billing_address: addressSchema.nullish(),
  items: z
    .array(
      z.object({
        id,
        title: z.string(),
        variant_id: text,
        variant_sku: text,
        quantity: z.number(),
        unit_price: amount,
        created_at: nullableInstant,
        updated_at: nullableInstant,
      }),
    )
    .nullish(),
  completed_at: nullableInstant,
  created_at: instant,
  updated_at: instant,
});

export type MedusaSalesChannel = z.infer<typeof salesChannelSchema>;
export type MedusaStockLocation = z.infer<typeof stockLocationSchema>;
export type MedusaProduct = z.infer<typeof productSchema>;
export type MedusaVariant = z.infer<typeof variantSchema>;
export type MedusaPrice = z.infer<typeof priceSchema>;
export type MedusaInventoryItem = z.infer<typeof inventoryItemSchema>;
export type MedusaInventoryLevel = z.infer<typeof inventoryLevelSchema>;
export type MedusaReservation = z.infer<typeof reservationSchema>;
export type MedusaAddress = z.infer<typeof addressSchema>;
export type MedusaCustomer = z.infer<typeof customerSchema>;
export type MedusaCustomerGroup = z.infer<typeof customerGroupSchema>;
export type MedusaOrder = z.infer<typeof orderSchema>;
export type MedusaPriceList = z.infer<typeof priceListSchema>;
export type MedusaCart = z.infer<typeof cartSchema>;
