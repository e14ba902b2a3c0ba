import type { AdminClient } from "./medusa-admin";

/*
 * Seeds a fresh Medusa through its Admin API exactly as a store owner's setup would: INR store
 * currency, an India region, a Jaipur stock location on the default sales channel, products with
 * INR prices and Kosha's metadata keys, stock levels, customers with addresses, and orders placed as
 * draft orders converted to orders (the only way to make an order through the Admin API).
 *
 * Observed on Medusa 2.21.2 (why some calls look the way they do):
 * - amounts are decimal rupees (1499.5), never paise;
 * - a draft order's `email` is matched case-sensitively against customers and a mismatch silently
 *   creates a second (guest) customer, so orders are placed with `customer_id` and no email;
 * - converting a draft order reserves stock (`reserved_quantity` rises) for manage_inventory variants.
 */

export interface VariantSpec {
  title: string;
  sku: string;
  /** Decimal rupees, as Medusa takes them. */
  price: number;
  manageInventory?: boolean;
  /** Stocked quantity at the Jaipur location (only for manage_inventory variants). */
  stock?: number;
  metadata?: Record<string, string>;
}

export interface ProductSpec {
  title: string;
  handle: string;
  status: "draft" | "published" | "proposed" | "rejected";
  material?: string;
  metadata?: Record<string, string>;
  variants: VariantSpec[];
}

export interface CustomerSpec {
  email: string;
  firstName: string;
  lastName: string;
  phone?: string;
  metadata?: Record<string, string>;
  address?: AddressSpec;
}

export interface AddressSpec {
  first_name: string;
  last_name: string;
  address_1: string;
  city: string;
  province: string;
  postal_code: string;
  country_code: string;
  phone?: string;
}

export interface OrderSpec {
  customerEmail: string;
  items: { sku: string; quantity: number }[];
  shippingAddress: AddressSpec;
  billingAddress?: AddressSpec;
  metadata?: Record<string, string>;
}

export interface StoreContext {
  storeId: string;
  salesChannelId: string;
  regionId: string;
  locationId: string;
}

export interface SeededVariant {
  id: string;
  sku: string;
  inventoryItemId: string | null;
}

export interface SeededProduct {
  id: string;
  handle: string;
  variants: SeededVariant[];
}

export interface SeededStore extends StoreContext {
  products: SeededProduct[];
  /** Customer id by email. */
  customers: Record<string, string>;
  orders: { id: string; displayId: number }[];
}

const jaipur = (first: string, last: string, pin = "302001"): AddressSpec => ({
  first_name: first,
  last_name: last,
  address_1: "12 MI Road",
  city: "Jaipur",
  province: "Rajasthan",
  postal_code: pin,
  country_code: "in",
  phone: "9829012345",
});

const saree: ProductSpec = {
  title: "Sanganeri Mul Saree",
  handle: "sanganeri-mul-saree",
  status: "published",
  metadata: { category: "saree", technique: "sanganeri", fabric: "mul" },
  variants: [
    { title: "Free Size", sku: "KC-SAR-SNG-01", price: 1499.5, stock: 12, metadata: { unit_cost: "412.50" } },
  ],
};

const kurta: ProductSpec = {
  title: "Bagru Cotton Kurta",
  handle: "bagru-cotton-kurta",
  status: "published",
  // `print` is Kosha's alias for technique; fabric falls back to Medusa's `material`.
  material: "cotton",
  metadata: { category: "kurta", print: "bagru" },
  variants: [
    { title: "S", sku: "KC-KUR-BAG-S", price: 2199, stock: 5, metadata: { cost: "640" } },
    { title: "M", sku: "KC-KUR-BAG-M", price: 2199, stock: 3 },
    { title: "L", sku: "KC-KUR-BAG-L", price: 2299.99, stock: 4 },
  ],
};

const dupatta: ProductSpec = {
  title: "Dabu Indigo Dupatta",
  handle: "dabu-indigo-dupatta",
  status: "draft",
  metadata: { category: "dupatta", technique: "dabu", fabric: "chanderi", discontinued: "true" },
  variants: [{ title: "One Size", sku: "KC-DUP-DAB-01", price: 899.75, manageInventory: false }],
};

const meera: CustomerSpec = {
  email: "meera.sharma@example.in",
  firstName: "Meera",
  lastName: "Sharma",
  phone: "98290 12345",
  metadata: { marketing_consent: "true", marketing_consent_at: "2025-01-15T10:00:00.000Z" },
  address: jaipur("Meera", "Sharma"),
};

const bengaluru: AddressSpec = {
  first_name: "Arjun",
  last_name: "Rao",
  address_1: "5 MG Road",
  city: "Bengaluru",
  province: "Karnataka",
  postal_code: "560001",
  country_code: "in",
};

const arjun: CustomerSpec = {
  email: "arjun.rao@example.com",
  firstName: "Arjun",
  lastName: "Rao",
  phone: "+91-98765-43210",
  address: bengaluru,
};

/** A gift, paid cash on delivery, shipped to a different Jaipur address than billed. */
const meeraGiftOrder: OrderSpec = {
  customerEmail: meera.email,
  items: [
    { sku: "KC-SAR-SNG-01", quantity: 2 },
    { sku: "KC-KUR-BAG-M", quantity: 1 },
  ],
  shippingAddress: jaipur("Meera", "Sharma", "302004"),
  billingAddress: jaipur("Meera", "Sharma", "302001"),
  metadata: { payment_method: "cod", is_gift: "true", gift_note: "For Maa" },
};

const arjunOrder: OrderSpec = {
  customerEmail: arjun.email,
  items: [{ sku: "KC-KUR-BAG-S", quantity: 1 }],
  shippingAddress: bengaluru,
  metadata: { payment_method: "prepaid" },
};

/** The seed's pieces by name, for tests that build a store step by step. */
export const SEED = { saree, kurta, dupatta, meera, arjun, meeraGiftOrder, arjunOrder };

export interface SeedSpec {
  products: ProductSpec[];
  customers: CustomerSpec[];
  orders: OrderSpec[];
}

/** The default store: small, but it exercises every mapping rule Kosha has for Medusa data. */
export const DEFAULT_SEED: SeedSpec = {
  products: [saree, kurta, dupatta],
  customers: [meera, arjun],
  orders: [meeraGiftOrder, arjunOrder],
};

interface Store {
  id: string;
  default_sales_channel_id: string;
}

/** INR as the store's default currency, an India region, and a Jaipur location on the default channel. */
export async function setUpIndiaStore(admin: AdminClient): Promise<StoreContext> {
  const { stores } = await admin.get<{ stores: Store[] }>("/admin/stores");
  const store = stores[0];
  if (!store) throw new Error("Medusa has no store: was `medusa db:migrate` run?");
  await admin.post(`/admin/stores/${store.id}`, {
    supported_currencies: [{ currency_code: "inr", is_default: true }],
  });
  const { region } = await admin.post<{ region: { id: string } }>("/admin/regions", {
    name: "India",
    currency_code: "inr",
    countries: ["in"],
    payment_providers: ["pp_system_default"],
  });
  const { stock_location } = await admin.post<{ stock_location: { id: string } }>("/admin/stock-locations", {
    name: "Jaipur warehouse",
    address: {
      address_1: "Sitapura Industrial Area",
      city: "Jaipur",
      country_code: "in",
      postal_code: "302022",
    },
  });
  await admin.post(`/admin/stock-locations/${stock_location.id}/sales-channels`, {
    add: [store.default_sales_channel_id],
  });
  return {
    storeId: store.id,
    salesChannelId: store.default_sales_channel_id,
    regionId: region.id,
    locationId: stock_location.id,
  };
}

interface CreatedProduct {
  id: string;
  handle: string;
  variants: { id: string; sku: string | null }[];
}

/** Creates a product with one "Size" option and INR prices, on the default sales channel, then stocks it. */
export async function createProduct(
  admin: AdminClient,
  ctx: StoreContext,
  spec: ProductSpec,
): Promise<SeededProduct> {
  const { product } = await admin.post<{ product: CreatedProduct }>("/admin/products", {
    title: spec.title,
    handle: spec.handle,
    status: spec.status,
    ...(spec.material ? { material: spec.material } : {}),
    metadata: spec.metadata ?? {},
    options: [{ title: "Size", values: spec.variants.map((v) => v.title) }],
    sales_channels: [{ id: ctx.salesChannelId }],
    variants: spec.variants.map((v) => ({
      title: v.title,
      sku: v.sku,
      manage_inventory: v.manageInventory ?? true,
      options: { Size: v.title },
      prices: [{ currency_code: "inr", amount: v.price }],
      metadata: v.metadata ?? {},
    })),
  });
  const variants: SeededVariant[] = [];
  for (const v of spec.variants) {
    const created = product.variants.find((x) => x.sku === v.sku);
    if (!created) throw new Error(`POST /admin/products did not return variant ${v.sku}`);
    let inventoryItemId: string | null = null;
    if (v.manageInventory ?? true) {
      inventoryItemId = await inventoryItemIdForSku(admin, v.sku);
      await admin.post(`/admin/inventory-items/${inventoryItemId}/location-levels`, {
        location_id: ctx.locationId,
        stocked_quantity: v.stock ?? 0,
      });
    }
    variants.push({ id: created.id, sku: v.sku, inventoryItemId });
  }
  return { id: product.id, handle: product.handle, variants };
}

/** Medusa creates one inventory item per manage_inventory variant, with the variant's SKU. */
export async function inventoryItemIdForSku(admin: AdminClient, sku: string): Promise<string> {
  const { inventory_items } = await admin.get<{ inventory_items: { id: string }[] }>(
    "/admin/inventory-items",
    {
      sku,
    },
  );
  const item = inventory_items[0];
  if (!item) throw new Error(`no inventory item for SKU ${sku}`);
  return item.id;
}

/** Sets the stocked quantity of an existing level (emits `inventory-level.updated`). */
export async function setStock(
  admin: AdminClient,
  inventoryItemId: string,
  locationId: string,
  stockedQuantity: number,
): Promise<void> {
  await admin.post(`/admin/inventory-items/${inventoryItemId}/location-levels/${locationId}`, {
    stocked_quantity: stockedQuantity,
  });
}

export async function createCustomer(admin: AdminClient, spec: CustomerSpec): Promise<string> {
  const { customer } = await admin.post<{ customer: { id: string } }>("/admin/customers", {
    email: spec.email,
    first_name: spec.firstName,
    last_name: spec.lastName,
    ...(spec.phone ? { phone: spec.phone } : {}),
    metadata: spec.metadata ?? {},
  });
  if (spec.address) {
    await admin.post(`/admin/customers/${customer.id}/addresses`, {
      ...spec.address,
      is_default_shipping: true,
      is_default_billing: true,
    });
  }
  return customer.id;
}

/** Places an order the Admin API way: a draft order, then convert-to-order (emits `order.placed`). */
export async function placeOrder(
  admin: AdminClient,
  ctx: StoreContext,
  customerId: string,
  variantIdBySku: Record<string, string>,
  spec: OrderSpec,
): Promise<{ id: string; displayId: number }> {
  const { draft_order } = await admin.post<{ draft_order: { id: string } }>("/admin/draft-orders", {
    customer_id: customerId,
    region_id: ctx.regionId,
    sales_channel_id: ctx.salesChannelId,
    items: spec.items.map((i) => {
      const variantId = variantIdBySku[i.sku];
      if (!variantId) throw new Error(`order spec names unknown SKU ${i.sku}`);
      return { variant_id: variantId, quantity: i.quantity };
    }),
    shipping_address: spec.shippingAddress,
    billing_address: spec.billingAddress ?? spec.shippingAddress,
    metadata: spec.metadata ?? {},
  });
  const { order } = await admin.post<{ order: { id: string; display_id: number; status: string } }>(
    `/admin/draft-orders/${draft_order.id}/convert-to-order`,
  );
  if (order.status !== "pending") throw new Error(`converted order ${order.id} has status ${order.status}`);
  return { id: order.id, displayId: order.display_id };
}

/** The whole default store (or a given spec) through the Admin API. */
export async function seedViaAdminApi(
  admin: AdminClient,
  spec: SeedSpec = DEFAULT_SEED,
): Promise<SeededStore> {
  const ctx = await setUpIndiaStore(admin);
  const products: SeededProduct[] = [];
  for (const p of spec.products) products.push(await createProduct(admin, ctx, p));
  const customers: Record<string, string> = {};
  for (const c of spec.customers) customers[c.email] = await createCustomer(admin, c);
  const variantIdBySku = Object.fromEntries(products.flatMap((p) => p.variants.map((v) => [v.sku, v.id])));
  const orders: SeededStore["orders"] = [];
  for (const o of spec.orders) {
    const customerId = customers[o.customerEmail];
    if (!customerId) throw new Error(`order spec names unknown customer ${o.customerEmail}`);
    orders.push(await placeOrder(admin, ctx, customerId, variantIdBySku, o));
  }
  return { ...ctx, products, customers, orders };
}
