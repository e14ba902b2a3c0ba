import { describe, expect, it } from "vitest";
import {
  basePricePaise,
  mapCart,
  mapCustomer,
  mapInventoryItem,
  mapOrder,
  mapPriceList,
  mapProductWithVariants,
  orderSchema,
  productSchema,
  customerSchema,
  cartSchema,
  inventoryItemSchema,
  priceListSchema,
} from "@/lib/medusa";

/* Payloads shaped like Medusa 2.x Admin API answers (amounts in decimal rupees, BigNumber or string). */
const product = productSchema.parse({
  id: "prod_01",
  title: "Sanganeri block-print mul saree",
  handle: "sanganeri-mul-saree",
  status: "published",
  thumbnail: "https://cdn.example/s.jpg",
  material: "Mul cotton",
  categories: [{ id: "pcat_1", name: "Sarees", handle: "sarees" }],
  metadata: { print: "sanganeri", discontinued: "true" },
  created_at: "2025-10-01T05:00:00.000Z",
  updated_at: "2025-10-05T05:00:00.000Z",
  deleted_at: null,
  variants: [
    {
      id: "variant_01",
      title: "Default",
      sku: "SAR-SNG-01",
      manage_inventory: true,
      prices: [
        { id: "p1", amount: 20, currency_code: "eur", rules: {} },
        { id: "p2", amount: 1399, currency_code: "inr", rules: { region_id: "reg_in" } },
        { id: "p3", amount: { value: "1499.5", precision: 20 }, currency_code: "inr", rules: {} },
      ],
      inventory_items: [{ inventory_item_id: "iitem_01", required_quantity: 2 }],
      metadata: { unit_cost: "612.35" },
      created_at: "2025-10-01T05:00:00.000Z",
      updated_at: "2025-10-05T05:00:00.000Z",
      deleted_at: null,
    },
  ],
});

const order = orderSchema.parse({
  id: "order_01",
  display_id: 1042,
  status: "completed",
  payment_status: "captured",
  fulfillment_status: "delivered",
  customer_id: "cus_01",
  email: "Meera@Example.in",
  currency_code: "INR",
  sales_channel_id: "sc_web",
  items: [
    {
      id: "ordli_1",
      title: "Default",
      product_title: "Sanganeri block-print mul saree",
      variant_id: "variant_01",
      product_id: "prod_01",
      variant_sku: "SAR-SNG-01",
      quantity: 2,
      unit_price: "1499.5",
      total: 2999,
    },
  ],
  shipping_address: { first_name: "Asha", address_1: "4 Park St", city: "Kolkata", postal_code: "700016" },
  billing_address: { first_name: "Meera", address_1: "12 MI Road", city: "Jaipur", postal_code: "302001" },
  payment_collections: [
    {
      id: "paycol_1",
      status: "authorized",
      amount: 3098,
      refunded_amount: { value: "100.005" },
      payment_providers: [{ id: "pp_razorpay_razorpay" }],
      payments: [{ provider_id: "pp_razorpay_razorpay" }],
    },
  ],
  summary: { refunded_total: 100.01, returned_total: 0 },
  item_subtotal: 2999,
  subtotal: 2999,
  discount_total: "0.1",
  shipping_total: 99,
  tax_total: 0.125,
  total: "3098.0",
  metadata: { is_gift: "yes", gift_note: "For Asha, with love", referral_code: "priya10" },
  created_at: "2025-11-01T08:00:00.000Z",
  updated_at: "2025-11-03T08:00:00.000Z",
});

describe("Medusa product → mirror", () => {
  const { product: p, variants } = mapProductWithVariants(product);

  it("reads Kosha's metadata keys with their fallbacks", () => {
    expect(p).toMatchObject({
      category: "Sarees",
      technique: "sanganeri",
      fabric: "Mul cotton",
      discontinued: true,
      sourceUpdatedAt: new Date("2025-10-05T05:00:00.000Z"),
    });
  });

  it("takes the INR price without rules, as paise, and the unit cost from metadata", () => {
    expect(variants[0]).toMatchObject({
      pricePaise: 149_950,
      costPaise: 61_235,
      inventoryItems: [{ inventoryItemId: "iitem_01", requiredQuantity: 2 }],
    });
  });

  it("money edges: strings, BigNumbers, exponents, sub-paisa rounding", () => {
    const inr = (amount: unknown) => [{ amount, currency_code: "inr", rules: {} }] as never;
    expect(basePricePaise(inr("0.01"))).toBe(1);
    expect(basePricePaise(inr(1.005))).toBe(101);
    expect(basePricePaise(inr({ value: "1e3" }))).toBe(100_000);
    expect(basePricePaise(inr("0.125"))).toBe(13);
    expect(basePricePaise(inr(19999999.99))).toBe(1_999_999_999);
    expect(basePricePaise([])).toBe(0);
    expect(() => basePricePaise(inr("12,00"))).toThrow();
  });
});

describe("Medusa order → mirror", () => {
  const o = mapOrder(order);

  it("converts every amount from rupees to paise", () => {
    expect(o).toMatchObject({
      subtotalPaise: 299_900,
      discountPaise: 10,
      shippingPaise: 9_900,
      taxPaise: 13,
      totalPaise: 309_800,
      refundedPaise: 10_001,
      currencyCode: "inr",
    });
    expect(o.items[0]).toMatchObject({ unitPricePaise: 149_950, totalPaise: 299_900, quantity: 2 });
  });

  it("reads gift, referral and addresses: a gift shipped elsewhere", () => {
    expect(o).toMatchObject({
      isGift: true,
      giftNote: "For Asha, with love",
      referralCode: "PRIYA10",
      email: "meera@example.in",
      shipToDiffers: true,
      shippingCity: "Kolkata",
      shippingPincode: "700016",
      billingPincode: "302001",
      paymentMethod: "prepaid",
      isRto: false,
      returnedAt: null,
    });
  });

  it("COD from the provider id, and metadata overrides it", () => {
    const cod = { ...order, payment_collections: [{ id: "pc", payment_providers: [{ id: "pp_cod_cod" }] }] };
    expect(mapOrder(cod).paymentMethod).toBe("cod");
    expect(
      mapOrder({
        ...cod,
        payment_collections: [{ id: "pc", payments: [{ provider_id: "pp_system_default" }] }],
      }).paymentMethod,
    ).toBe("cod");
    expect(mapOrder({ ...cod, metadata: { payment_method: "prepaid" } }).paymentMethod).toBe("prepaid");
  });

  it("RTO from metadata, returns from the summary, cancellation time", () => {
    expect(mapOrder({ ...order, metadata: { rto: true } })).toMatchObject({
      isRto: true,
      returnedAt: new Date("2025-11-03T08:00:00.000Z"),
    });
    expect(mapOrder({ ...order, summary: { returned_total: 1499.5 } }).isRto).toBe(true);
    expect(mapOrder({ ...order, status: "canceled" }).canceledAt).toEqual(
      new Date("2025-11-03T08:00:00.000Z"),
    );
  });
});

describe("Medusa customer, inventory, price list, cart → mirror", () => {
  it("customer: E.164 phone, default shipping address, consent and groups", () => {
    const c = mapCustomer(
      customerSchema.parse({
        id: "cus_01",
        email: "Meera@Example.in",
        phone: "098290 12345",
        first_name: "Meera",
        last_name: null,
        has_account: true,
        addresses: [
          { city: "Delhi", province: "Delhi", postal_code: "110001", is_default_shipping: false },
          { city: "Jaipur", province: "Rajasthan", postal_code: "302001", is_default_shipping: true },
        ],
        groups: [{ id: "cusgroup_vip" }],
        metadata: { marketing_consent: "true", marketing_consent_at: "2025-09-09T09:09:09Z" },
        created_at: "2025-09-01T00:00:00Z",
        updated_at: "2025-09-10T00:00:00Z",
      }),
    );
    expect(c).toMatchObject({
      email: "meera@example.in",
      phone: "+919829012345",
      city: "Jaipur",
      pincode: "302001",
      hasAccount: true,
      marketingConsent: true,
      consentSource: "medusa",
      consentAt: new Date("2025-09-09T09:09:09Z"),
      groupIds: ["cusgroup_vip"],
    });
  });

  it("inventory item: one level per location, deleted levels dropped", () => {
    const { levels } = mapInventoryItem(
      inventoryItemSchema.parse({
        id: "iitem_01",
        sku: "SAR-SNG-01",
        updated_at: "2025-10-05T05:00:00Z",
        location_levels: [
          {
            id: "ilev_1",
            inventory_item_id: "iitem_01",
            location_id: "sloc_1",
            stocked_quantity: 8,
            reserved_quantity: 3,
            incoming_quantity: 0,
            available_quantity: 5,
            updated_at: "2025-10-06T00:00:00Z",
          },
          {
            id: "ilev_2",
            inventory_item_id: "iitem_01",
            location_id: "sloc_2",
            stocked_quantity: 1,
            updated_at: "2025-10-06T00:00:00Z",
            deleted_at: "2025-10-07T00:00:00Z",
          },
        ],
      }),
    );
    expect(levels).toEqual([
      expect.objectContaining({ id: "ilev_1", stockedQuantity: 8, reservedQuantity: 3, incomingQuantity: 0 }),
    ]);
  });

  it("price list: customer groups from v2 rules, prices in paise", () => {
    const pl = mapPriceList(
      priceListSchema.parse({
        id: "plist_1",
        title: "Diwali VIP",
        type: "sale",
        status: "active",
        starts_at: "2025-10-20T00:00:00Z",
        ends_at: null,
        rules: { "customer.groups.id": ["cusgroup_vip"] },
        prices: [{ id: "price_1", variant_id: "variant_01", amount: 1299.99, currency_code: "INR" }],
        updated_at: "2025-10-10T00:00:00Z",
      }),
    );
    expect(pl).toMatchObject({
      customerGroupIds: ["cusgroup_vip"],
      prices: [{ amountPaise: 129_999, currencyCode: "inr" }],
    });
  });

  it("cart: last activity is updated_at, phone from the shipping address", () => {
    const cart = mapCart(
      cartSchema.parse({
        id: "cart_01",
        currency_code: "inr",
        email: null,
        shipping_address: { phone: "+91 98290 12345" },
        items: [
          { id: "cali_1", title: "Saree", variant_id: "variant_01", quantity: 1, unit_price: "1499.50" },
        ],
        created_at: "2025-11-01T10:00:00Z",
        updated_at: "2025-11-01T10:20:00Z",
      }),
    );
    expect(cart).toMatchObject({
      phone: "+919829012345",
      lastActivityAt: new Date("2025-11-01T10:20:00Z"),
      completedAt: null,
      items: [{ unitPricePaise: 149_950 }],
    });
  });

  it("completed cart: last activity is the last item change before checkout, not the completion bump", () => {
    const base = {
      id: "cart_02",
      currency_code: "inr",
      email: "a@example.in",
      created_at: "2025-11-01T10:00:00Z",
      updated_at: "2025-11-01T13:00:00Z",
      completed_at: "2025-11-01T13:00:00Z",
    };
    const withItems = mapCart(
      cartSchema.parse({
        ...base,
        items: [
          {
            id: "i1",
            title: "Saree",
            quantity: 1,
            unit_price: 1000,
            created_at: "2025-11-01T10:05:00Z",
            updated_at: "2025-11-01T10:40:00Z",
          },
          {
            id: "i2",
            title: "Dupatta",
            quantity: 1,
            unit_price: 500,
            created_at: "2025-11-01T10:30:00Z",
            updated_at: "2025-11-01T10:30:00Z",
          },
        ],
      }),
    );
    expect(withItems.lastActivityAt).toEqual(new Date("2025-11-01T10:40:00Z"));
    // No item times: the cart's creation is the best that is known (never the completion).
    const bare = mapCart(
      cartSchema.parse({ ...base, items: [{ id: "i1", title: "Saree", quantity: 1, unit_price: 1000 }] }),
    );
    expect(bare.lastActivityAt).toEqual(new Date("2025-11-01T10:00:00Z"));
  });
});
