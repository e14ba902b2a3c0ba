import type { SandboxCollection } from "./transport/sandbox";

/*
 * Deterministic Medusa-shaped data for the sandbox (demo, tests, benchmarks): what the Admin API
 * would answer for a small Jaipur handloom store. Amounts are decimal rupees, as Medusa sends them.
 */

export interface FixtureOptions {
  seed?: number;
  products?: number;
  customers?: number;
  orders?: number;
  /** First created_at; records follow one minute apart. */
  start?: Date;
}

type Row = Record<string, unknown> & { id: string };

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CATEGORIES = ["saree", "dupatta", "kurta", "bedsheet", "quilt"];
const TECHNIQUES = ["sanganeri", "bagru", "dabu", "indigo", "ajrakh"];
const FABRICS = ["cotton", "mul", "chanderi", "linen"];
const CITIES = [
  ["Jaipur", "Rajasthan", "302001"],
  ["Mumbai", "Maharashtra", "400001"],
  ["Bengaluru", "Karnataka", "560001"],
  ["Delhi", "Delhi", "110001"],
];

export function generateMedusaFixtures(opts: FixtureOptions = {}): Record<SandboxCollection, Row[]> {
  const rand = rng(opts.seed ?? 7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const t0 = (opts.start ?? new Date("2026-01-01T04:30:00.000Z")).getTime();
  const at = (i: number) => new Date(t0 + i * 60_000).toISOString();
  let tick = 0;

  const salesChannels: Row[] = [{ id: "sc_web", name: "Webshop", created_at: at(0), updated_at: at(tick++) }];
  const stockLocations: Row[] = [
    {
      id: "sloc_jaipur",
      name: "Jaipur workshop",
      address: { city: "Jaipur" },
      created_at: at(0),
      updated_at: at(tick++),
    },
  ];
  const products: Row[] = [];
  const inventoryItems: Row[] = [];
  const variantsById = new Map<
    string,
    { id: string; sku: string; title: string; price: string; product: Row }
  >();
  for (let p = 0; p < (opts.products ?? 10); p++) {
    const pid = `prod_${String(p).padStart(4, "0")}`;
    const category = pick(CATEGORIES);
    const variants: Row[] = [];
    const product: Row = {
      id: pid,
      title: `${pick(TECHNIQUES)} ${category} ${p}`,
      handle: `${category}-${p}`,
      status: "published",
      thumbnail: null,
      material: pick(FABRICS),
      metadata: { category, technique: pick(TECHNIQUES), fabric: pick(FABRICS), discontinued: p % 17 === 16 },
      created_at: at(tick),
      updated_at: at(tick++),
      deleted_at: null,
      variants,
    };
    for (let v = 0; v < 2; v++) {
      const vid = `variant_${String(p).padStart(4, "0")}_${v}`;
      const iid = `iitem_${String(p).padStart(4, "0")}_${v}`;
      const rupees = 499 + Math.floor(rand() * 40) * 100 + (v ? 0.5 : 0);
      const sku = `KOSHA-${p}-${v}`;
      variants.push({
        id: vid,
        title: v ? "Large" : "Regular",
        sku,
        manage_inventory: true,
        prices: [{ id: `price_${vid}`, amount: rupees, currency_code: "inr", rules: {} }],
        inventory_items: [{ inventory_item_id: iid, required_quantity: 1 }],
        metadata: { unit_cost: (rupees * 0.45).toFixed(2) },
        created_at: product.created_at,
        updated_at: product.updated_at,
        deleted_at: null,
      });
      const stocked = 5 + Math.floor(rand() * 40);
      inventoryItems.push({
        id: iid,
        sku,
        created_at: product.created_at,
        updated_at: product.updated_at,
        location_levels: [
          {
            id: `ilev_${String(p).padStart(4, "0")}_${v}`,
            inventory_item_id: iid,
            location_id: "sloc_jaipur",
            stocked_quantity: stocked,
            reserved_quantity: Math.floor(rand() * 3),
            incoming_quantity: 0,
            created_at: product.created_at,
            updated_at: product.updated_at,
            deleted_at: null,
          },
        ],
      });
      variantsById.set(vid, { id: vid, sku, title: String(product.title), price: String(rupees), product });
    }
    products.push(product);
  }

  const customerGroups: Row[] = [
    { id: "cusgroup_vip", name: "VIP", created_at: at(0), updated_at: at(tick++), deleted_at: null },
  ];
  const customers: Row[] = [];
  for (let c = 0; c < (opts.customers ?? 20); c++) {
    const [city, province, postal] = pick(CITIES) as [string, string, string];
    customers.push({
      id: `cus_${String(c).padStart(5, "0")}`,
      email: `shopper${c}@example.in`,
      phone: `98${String(29000000 + c).padStart(8, "0")}`,
      first_name: `Shopper${c}`,
      last_name: "Test",
      has_account: c % 3 !== 0,
      addresses: [{ city, province, postal_code: postal, phone: null, is_default_shipping: true }],
      groups: c % 10 === 0 ? [{ id: "cusgroup_vip" }] : [],
      metadata: c % 2 === 0 ? { marketing_consent: "true" } : {},
      created_at: at(tick),
      updated_at: at(tick++),
      deleted_at: null,
    });
  }

  const orders: Row[] = [];
  const variantList = [...variantsById.values()];
  for (let o = 0; o < (opts.orders ?? 30); o++) {
    const customer = customers.length ? pick(customers) : undefined;
    const lines = 1 + Math.floor(rand() * 2);
    const items = Array.from({ length: lines }, (_, i) => {
      const v = pick(variantList);
      const qty = 1 + Math.floor(rand() * 2);
      return {
        id: `ordli_${o}_${i}`,
        title: v.title,
        product_title: v.title,
        variant_id: v.id,
        product_id: v.product.id,
        variant_sku: v.sku,
        quantity: qty,
        unit_price: Number(v.price),
        total: Number(v.price) * qty,
      };
    });
    const itemTotal = items.reduce((s, i) => s + i.total, 0);
    const cod = o % 3 === 0;
    const address = (customer?.addresses as Row[] | undefined)?.[0] ?? {};
    orders.push({
      id: `order_${String(o).padStart(6, "0")}`,
      display_id: o + 1,
      status: o % 11 === 10 ? "canceled" : "pending",
      payment_status: cod ? "awaiting" : "captured",
      fulfillment_status: "not_fulfilled",
      customer_id: customer?.id ?? null,
      email: customer?.email ?? null,
      currency_code: "inr",
      sales_channel_id: "sc_web",
      items,
      shipping_address: { ...address, first_name: customer?.first_name, address_1: "12 MI Road" },
      billing_address: { ...address, first_name: customer?.first_name, address_1: "12 MI Road" },
      payment_collections: [
        {
          id: `paycol_${o}`,
          status: cod ? "not_paid" : "authorized",
          amount: itemTotal + 99,
          refunded_amount: 0,
          payment_providers: [{ id: cod ? "pp_cod_cod" : "pp_razorpay_razorpay" }],
          payments: cod ? [] : [{ provider_id: "pp_razorpay_razorpay", refunded_amount: 0 }],
        },
      ],
      fulfillments: [],
      summary: { refunded_total: 0, returned_total: 0 },
      item_subtotal: itemTotal,
      subtotal: itemTotal,
      discount_total: 0,
      shipping_total: 99,
      tax_total: 0,
      total: itemTotal + 99,
      metadata: o % 7 === 0 ? { is_gift: true, gift_note: "Happy Diwali!" } : {},
      canceled_at: null,
      created_at: at(tick),
      updated_at: at(tick++),
    });
  }

  return {
    sales_channels: salesChannels,
    stock_locations: stockLocations,
    products,
    inventory_items: inventoryItems,
    customer_groups: customerGroups,
    customers,
    orders,
    price_lists: [
      {
        id: "plist_vip",
        title: "VIP prices",
        type: "sale",
        status: "active",
        starts_at: null,
        ends_at: null,
        rules: { "customer.groups.id": ["cusgroup_vip"] },
        prices: variantList.slice(0, 2).map((v) => ({
          id: `pl_price_${v.id}`,
          variant_id: v.id,
          amount: Math.round(Number(v.price) * 0.9),
          currency_code: "inr",
        })),
        created_at: at(0),
        updated_at: at(tick++),
        deleted_at: null,
      },
    ],
    reservations: [],
    carts: [],
  };
}
