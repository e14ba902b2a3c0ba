import type {
  CartItemRecord,
  CartRecord,
  CustomerRecord,
  OrderItemRecord,
  OrderRecord,
} from "@/lib/commerce";
import { addDays, daysInclusive, istDayStart, type IstDay } from "@/lib/time";
import type {
  AdSpendRecord,
  ReferralCodeRecord,
  TrafficChannel as Channel,
  WebSessionRecord,
} from "@/lib/traffic";
import { categories, WEB_CHANNEL_ID, WHOLESALE_CHANNEL_ID, type Category, type DemoCatalog } from "./catalog";
import { medusaId } from "./ids";
import { person, pickCity, pincodeIn, wholesaleBuyer } from "./people";
import { cumulative, Rng } from "./random";
import { dayProfile, type DayProfile } from "./seasonality";
import { adSpendFor, newVisitorChannels, returningChannels, webSession, wholesaleChannels } from "./traffic";

/*
 * The store's two years of activity, generated day by day in time order and handed out in
 * batches so a million orders never sit in memory at once. Every draw comes from one seeded
 * stream consumed in a fixed order, so the data depends only on (seed, orders, end), never on
 * the batch size or the database.
 *
 * Volume choices (documented because they shape the KPIs):
 * - Sessions are the beacon's *engaged* sessions (reached a product page, added to cart);
 *   bounces are not stored. About 4.4 per order: the converting one (plus the earlier one of a
 *   recovered cart), ~1.1 that abandoned a cart and ~2.2 that browsed, i.e. an engaged-session
 *   conversion rate near 23%. A store-wide visit conversion of 1.5-2.5% would mean 40-60 rows
 *   per order, which would not fit the speed targets (1M orders in 5 minutes).
 * - Carts: every order has its cart; ~1.1 abandoned carts per order (a ~52% cart abandonment
 *   rate); about one order in ten is recovered from a cart abandoned 1 hour to 7 days earlier.
 * - Money: prices are GST-inclusive MRP, so tax is not added on top (taxPaise = 0) and
 *   total = subtotal - discount + shipping. Discounts are whole rupees.
 */

export const ABANDONED_CARTS_PER_ORDER = 1.1;
export const BROWSE_SESSIONS_PER_ORDER = 2.2;
export const RECOVERED_ORDER_SHARE = 0.1;
/** Boutiques and stores restocking: ~0.6% of orders, roughly a tenth of revenue. */
export const WHOLESALE_ORDER_SHARE = 0.006;
export const CANCEL_RATE = 0.03;
export const RETURN_RATE = 0.04;
export const WHOLESALE_GROUP_ID = "cusgroup_01HZKOSHAWHOLESALE00000";
/** Wholesale buyers pay the Wholesale price list: 35% off MRP. */
export const WHOLESALE_PRICE_SHARE = 0.65;
export const FREE_SHIPPING_FROM_PAISE = 99_900;
export const SHIPPING_PAISE = 7_900;

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Orders by hour of the IST day: lunch break and the 8-11 pm phone-scrolling peak. */
const hourCum = cumulative([
  0.6, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1, 1.6, 2.2, 2.8, 3.2, 3.4, 3.2, 3, 2.9, 3, 3.2, 3.6, 4.2, 4.8, 5, 4.2,
  2.2,
]);
const baseCategoryShare: Record<Category, number> = {
  saree: 0.28,
  kurta: 0.2,
  dupatta: 0.16,
  bedsheet: 0.12,
  razai: 0.08,
  dohar: 0.08,
  table_linen: 0.08,
};
const giftNotes = [
  "Happy Raksha Bandhan, didi! Love, Rohan",
  "Happy Diwali to the whole family!",
  "For Maa, with love",
  "Happy anniversary! Here's to many more years",
  "Wishing you a very happy birthday",
  "Karva Chauth ki shubhkamnayein",
  "A little something from Jaipur for you",
  "Congratulations on your new home!",
  "Happy Teej! Wear it with a smile",
  "For the bride-to-be, with blessings",
];

interface Customer {
  id: string;
  email: string;
  phone: string;
  city: string;
  pincode: string;
  visitorId: string;
}

export interface ActivityBatch {
  customers: CustomerRecord[];
  carts: CartRecord[];
  orders: OrderRecord[];
  sessions: WebSessionRecord[];
  adSpend: AdSpendRecord[];
  /** Orders generated so far, this batch included. */
  ordersSoFar: number;
}

export interface ActivityOptions {
  seed: number;
  orders: number;
  firstDay: IstDay;
  lastDay: IstDay;
  catalog: DemoCatalog;
  referralCodes: ReferralCodeRecord[];
  /** A batch is handed out once it holds at least this many orders (at a day boundary). */
  batchOrders?: number;
}

/** Orders per day: the day weights scaled to exactly `total`, by cumulative rounding. */
export function allocateOrders(profiles: DayProfile[], total: number, rng: Rng): number[] {
  const weights = profiles.map((p) => p.weight * (0.88 + rng.next() * 0.24));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts: number[] = [];
  let acc = 0;
  let given = 0;
  weights.forEach((w, i) => {
    acc += w;
    const upto = i === weights.length - 1 ? total : Math.floor((total * acc) / sum);
    counts.push(upto - given);
    given = upto;
  });
  return counts;
}

export function* generateActivity(opts: ActivityOptions): Generator<ActivityBatch> {
  const { catalog, firstDay, lastDay } = opts;
  const batchOrders = opts.batchOrders ?? 5_000;
  const rng = new Rng(opts.seed, `activity/${opts.orders}/${lastDay}`);
  const days = daysInclusive(firstDay, lastDay);
  const profiles = Array.from({ length: days }, (_, i) => dayProfile(addDays(firstDay, i), firstDay));
  const perDay = allocateOrders(profiles, opts.orders, rng);
  const totalWeight = profiles.reduce((a, p) => a + p.weight, 0);
  const windowStart = istDayStart(firstDay).getTime();
  const windowEnd = istDayStart(addDays(lastDay, 1)).getTime() - 1;

  // Variants each category sells from (dead SKUs have no demand and are never drawn).
  const byCategory = new Map<Category, { variants: DemoCatalog["sellable"]; cum: Float64Array }>();
  for (const c of categories) {
    const variants = catalog.sellable.filter((v) => v.category === c && v.demand > 0);
    byCategory.set(c, { variants, cum: cumulative(variants.map((v) => v.demand)) });
  }
  const codes = [...opts.referralCodes]
    .filter((r) => r.channel === "influencer")
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  const customers: Customer[] = [];
  const wholesalers: Customer[] = [];
  const maxWholesalers = Math.max(6, Math.round(opts.orders / 2500));
  // Customer index of every retail order so far: drawing from it favours frequent buyers.
  const orderCustomer = new Int32Array(opts.orders);
  let retailOrders = 0;
  let displayId = 0;
  let ordersSoFar = 0;
  let people = 0;

  let batch = emptyBatch();
  function emptyBatch(): ActivityBatch {
    return { customers: [], carts: [], orders: [], sessions: [], adSpend: [], ordersSoFar: 0 };
  }

  const timeInDay = (dayStart: number) =>
    dayStart + rng.weighted(hourCum) * HOUR + rng.int(0, 59) * MINUTE + rng.int(0, 59_999);

  const landingPath = (category?: Category) => {
    const roll = rng.next();
    if (roll < 0.2) return "/";
    const c = category ?? rng.pick(categories);
    if (roll < 0.45) return `/collections/${c.replace("_", "-")}`;
    return `/products/${rng.pick(catalog.handles[c])}`;
  };

  const pickVariant = (catCum: Float64Array) => {
    const c = categories[rng.weighted(catCum)]!;
    const pool = byCategory.get(c)!;
    return pool.variants[rng.weighted(pool.cum)]!;
  };

  const newCustomer = (atMs: number, wholesale: boolean): Customer => {
    people++;
    const p = wholesale ? wholesaleBuyer(rng, people) : person(rng, people);
    const createdAt = new Date(atMs - rng.int(1, 20) * MINUTE);
    const c: Customer = {
      id: medusaId("cus", createdAt.getTime(), rng),
      email: p.email,
      phone: p.phone,
      city: p.city,
      pincode: p.pincode,
      visitorId: medusaId("vis", createdAt.getTime() - rng.int(1, 3 * 24 * 60) * MINUTE, rng),
    };
    // Opt-ins: at checkout, by sending a keyword on WhatsApp later, or a QR code at the stall.
    const consent = wholesale || rng.chance(0.45);
    const source = rng.pickWeighted({ checkout: 60, whatsapp_keyword: 25, qr: 15 });
    let consentAt = source === "checkout" ? createdAt : new Date(createdAt.getTime() + rng.int(1, 60) * DAY);
    if (consentAt.getTime() > windowEnd) consentAt = createdAt;
    const record: CustomerRecord = {
      id: c.id,
      email: p.email,
      phone: p.phone,
      firstName: p.firstName,
      lastName: p.lastName,
      city: p.city,
      state: p.state,
      pincode: p.pincode,
      hasAccount: wholesale || rng.chance(0.55),
      marketingConsent: consent,
      consentSource: consent ? (wholesale ? "import" : source) : null,
      consentAt: consent ? consentAt : null,
      createdAt,
      sourceUpdatedAt: consent && consentAt > createdAt ? consentAt : createdAt,
    };
    if (wholesale) record.groupIds = [WHOLESALE_GROUP_ID];
    batch.customers.push(record);
    return c;
  };

  for (let d = 0; d < days; d++) {
    const profile = profiles[d]!;
    const dayStart = istDayStart(profile.day).getTime();
    const age = days - 1 - d; // days before the last day
    const catCum = cumulative(categories.map((c) => baseCategoryShare[c] * profile.categories[c]));
    const n = perDay[d]!;
    const times = Array.from({ length: n }, () => timeInDay(dayStart)).sort((a, b) => a - b);
    const repeatShare = 0.16 + 0.2 * (d / days);
    const activeCodes = codes.filter((c) => c.createdAt.getTime() <= dayStart);

    for (const placedMs of times) {
      displayId++;
      ordersSoFar++;
      // Who buys.
      const wholesale = rng.chance(WHOLESALE_ORDER_SHARE);
      // The cart the order came from; one in ten was abandoned first and recovered later.
      let cartCreatedMs = placedMs - rng.int(3, 45) * MINUTE;
      const recovered = !wholesale && rng.chance(RECOVERED_ORDER_SHARE);
      // A recovered cart went quiet over an hour before its order (so it counts as abandoned),
      // at most seven days before it (so the order counts as its recovery).
      let lastActivityMs = placedMs;
      if (recovered) {
        cartCreatedMs = Math.max(windowStart, placedMs - rng.int(75, 7 * 24 * 60) * MINUTE);
        lastActivityMs = Math.min(placedMs, cartCreatedMs + rng.int(1, 10) * MINUTE);
      }
      let customer: Customer;
      let customerIndex = -1;
      let returning = false;
      if (wholesale) {
        if (wholesalers.length === 0 || (wholesalers.length < maxWholesalers && rng.chance(0.35))) {
          customer = newCustomer(placedMs, true);
          wholesalers.push(customer);
        } else {
          customer = rng.pick(wholesalers);
          returning = true;
        }
      } else if (retailOrders > 0 && rng.chance(repeatShare)) {
        returning = true;
        customerIndex = rng.chance(0.6)
          ? orderCustomer[rng.int(0, retailOrders - 1)]!
          : rng.int(0, customers.length - 1);
        customer = customers[customerIndex]!;
      } else {
        // A new buyer whose cart was recovered signed up at that first checkout (where the
        // WhatsApp tick box is), before the cart went quiet: the reminder could reach them.
        customer = newCustomer(recovered ? lastActivityMs : placedMs, false);
        customerIndex = customers.push(customer) - 1;
      }
      if (!wholesale) orderCustomer[retailOrders++] = customerIndex;

      // How they arrived.
      let channel: Channel = wholesale
        ? rng.pickWeighted(wholesaleChannels as Record<Channel, number>)
        : rng.pickWeighted(returning ? returningChannels : newVisitorChannels);
      let referralCode: string | null = null;
      if (channel === "influencer") {
        if (activeCodes.length > 0) referralCode = rng.pick(activeCodes).code;
        else channel = "instagram";
      } else if (
        (channel === "instagram" || channel === "youtube") &&
        activeCodes.length > 0 &&
        rng.chance(0.04)
      ) {
        referralCode = rng.pick(activeCodes).code;
      }

      // What they buy.
      const items: OrderItemRecord[] = [];
      const wanted = wholesale ? rng.int(3, 8) : pickLineCount(rng);
      const seen = new Set<string>();
      let firstCategory: Category | undefined;
      for (let l = 0; l < wanted; l++) {
        const v = pickVariant(catCum);
        if (seen.has(v.id)) continue;
        seen.add(v.id);
        firstCategory ??= v.category;
        const quantity = wholesale ? rng.int(4, 15) : rng.chance(0.88) ? 1 : rng.chance(0.75) ? 2 : 3;
        const unit = wholesale
          ? Math.round((v.pricePaise * WHOLESALE_PRICE_SHARE) / 100) * 100
          : v.pricePaise;
        items.push({
          id: medusaId("ordli", placedMs, rng),
          variantId: v.id,
          productId: v.productId,
          sku: v.sku,
          title: v.title,
          quantity,
          unitPricePaise: unit,
          totalPaise: unit * quantity,
        });
      }

      // What they pay.
      const subtotal = items.reduce((a, i) => a + i.totalPaise!, 0);
      let discount = 0;
      if (!wholesale) {
        if (referralCode) discount = pct(subtotal, 10);
        else if (profile.sale && rng.chance(0.7)) discount = pct(subtotal, 20);
        else if (!returning && rng.chance(0.12)) discount = Math.min(pct(subtotal, 10), 30_000);
        else if (subtotal >= 299_900 && rng.chance(0.05)) discount = 30_000;
      }
      const shipping = wholesale || subtotal - discount >= FREE_SHIPPING_FROM_PAISE ? 0 : SHIPPING_PAISE;
      const total = subtotal - discount + shipping;
      const jaipur = customer.pincode.startsWith("302");
      const codShare = wholesale ? 0 : total > 500_000 ? 0.25 : jaipur ? 0.36 : returning ? 0.4 : 0.5;
      const cod = rng.chance(codShare);

      // Gifts ship to someone else.
      const gift = !wholesale && rng.chance(profile.giftShare);
      const shipToDiffers = gift || (!wholesale && rng.chance(0.03));
      let shippingCity = customer.city;
      let shippingPincode = customer.pincode;
      if (shipToDiffers) {
        const c = pickCity(rng);
        shippingCity = c.city;
        shippingPincode = pincodeIn(rng, c);
      }

      const cartId = medusaId("cart", cartCreatedMs, rng);
      const placedAt = new Date(placedMs);
      batch.carts.push({
        id: cartId,
        customerId: customer.id,
        email: customer.email,
        phone: customer.phone,
        salesChannelId: wholesale ? WHOLESALE_CHANNEL_ID : WEB_CHANNEL_ID,
        currencyCode: "inr",
        createdAt: new Date(cartCreatedMs),
        lastActivityAt: new Date(lastActivityMs),
        completedAt: placedAt,
        sourceUpdatedAt: placedAt,
        items: items.map((i): CartItemRecord => ({
          id: medusaId("cali", cartCreatedMs, rng),
          variantId: i.variantId,
          sku: i.sku,
          title: i.title,
          quantity: i.quantity,
          unitPricePaise: i.unitPricePaise,
        })),
      });
      if (recovered) {
        batch.sessions.push(
          webSession({
            rng,
            atMs: cartCreatedMs - rng.int(1, 10) * MINUTE,
            channel,
            campaign: profile.campaign,
            visitorId: customer.visitorId,
            landingPath: landingPath(firstCategory),
            cartId,
            customerId: returning ? customer.id : null,
            referralCode,
          }),
        );
      }
      batch.sessions.push(
        webSession({
          rng,
          atMs: placedMs - rng.int(2, 25) * MINUTE,
          channel: recovered ? (rng.chance(0.75) ? "whatsapp" : "email") : channel,
          campaign: recovered ? "cart-recovery" : profile.campaign,
          visitorId: customer.visitorId,
          landingPath: recovered ? "/cart" : landingPath(firstCategory),
          cartId,
          customerId: customer.id,
          referralCode: recovered ? null : referralCode,
        }),
      );

      // What happened next, as far as the last day lets it.
      const order: OrderRecord = {
        id: medusaId("order", placedMs, rng),
        displayId,
        customerId: customer.id,
        email: customer.email,
        status: "completed",
        paymentStatus: "captured",
        fulfillmentStatus: "delivered",
        paymentMethod: cod ? "cod" : "prepaid",
        isRto: false,
        returnedAt: null,
        refundedPaise: 0,
        isGift: gift,
        giftNote: gift && rng.chance(0.8) ? rng.pick(giftNotes) : null,
        currencyCode: "inr",
        subtotalPaise: subtotal,
        discountPaise: discount,
        shippingPaise: shipping,
        taxPaise: 0,
        totalPaise: total,
        placedAt,
        canceledAt: null,
        salesChannelId: wholesale ? WHOLESALE_CHANNEL_ID : WEB_CHANNEL_ID,
        cartId,
        referralCode,
        shippingCity,
        shippingPincode,
        billingPincode: customer.pincode,
        shipToDiffers,
        sourceUpdatedAt: placedAt,
        items,
      };
      const at = (ms: number) => new Date(Math.min(windowEnd, ms));
      if (rng.chance(CANCEL_RATE)) {
        order.status = "canceled";
        order.fulfillmentStatus = "canceled";
        order.canceledAt = at(placedMs + rng.int(10, 30 * 60) * MINUTE);
        order.paymentStatus = cod ? "canceled" : "refunded";
        order.refundedPaise = cod ? 0 : total;
        order.sourceUpdatedAt = order.canceledAt;
      } else if (age <= 2) {
        order.status = "pending";
        order.fulfillmentStatus = "not_fulfilled";
        order.paymentStatus = cod ? "awaiting" : "captured";
      } else if (age <= 6) {
        order.status = "pending";
        order.fulfillmentStatus = "shipped";
        order.paymentStatus = cod ? "awaiting" : "captured";
        order.sourceUpdatedAt = at(placedMs + rng.int(20, 48) * HOUR);
      } else if (cod && age >= 12 && rng.chance(returning ? 0.11 : 0.23)) {
        // Return to origin: the parcel came back undelivered, the COD was never collected,
        // and the order was canceled to restock it.
        order.isRto = true;
        order.status = "canceled";
        order.fulfillmentStatus = "shipped";
        order.paymentStatus = "not_paid";
        order.returnedAt = at(placedMs + rng.int(7, 12) * DAY);
        order.canceledAt = order.returnedAt;
        order.sourceUpdatedAt = order.returnedAt;
      } else {
        order.sourceUpdatedAt = at(placedMs + rng.int(2, 6) * DAY);
        if (!wholesale && age >= 25 && rng.chance(RETURN_RATE)) {
          // A customer return: refunded in full, or one line of several.
          order.returnedAt = at(placedMs + rng.int(8, 20) * DAY);
          const partial = items.length > 1 && rng.chance(0.4);
          order.refundedPaise = partial ? Math.min(items[0]!.totalPaise!, total) : total;
          order.paymentStatus = partial ? "partially_refunded" : "refunded";
          order.sourceUpdatedAt = order.returnedAt;
        }
      }
      batch.orders.push(order);
    }

    // Carts that never became orders, and visits that never opened a cart.
    const abandoned = rng.round(n * ABANDONED_CARTS_PER_ORDER);
    for (let a = 0; a < abandoned; a++) {
      const createdMs = timeInDay(dayStart);
      const who = rng.next();
      const known = who < 0.35 && customers.length > 0 ? customers[rng.int(0, customers.length - 1)]! : null;
      let email: string | null = known?.email ?? null;
      let phone: string | null = known?.phone ?? null;
      if (!known && who < 0.65) {
        people++;
        const guest = person(rng, people);
        const contact = rng.next();
        email = contact < 0.8 ? guest.email : null;
        phone = contact > 0.4 ? guest.phone : null;
      }
      const lastMs = Math.min(windowEnd, createdMs + rng.int(1, 40) * MINUTE);
      const cartId = medusaId("cart", createdMs, rng);
      const lineCount = rng.chance(0.7) ? 1 : 2;
      const cartItems: CartItemRecord[] = [];
      for (let l = 0; l < lineCount; l++) {
        const v = pickVariant(catCum);
        cartItems.push({
          id: medusaId("cali", createdMs, rng),
          variantId: v.id,
          sku: v.sku,
          title: v.title,
          quantity: 1,
          unitPricePaise: v.pricePaise,
        });
      }
      batch.carts.push({
        id: cartId,
        customerId: known?.id ?? null,
        email,
        phone,
        salesChannelId: WEB_CHANNEL_ID,
        currencyCode: "inr",
        createdAt: new Date(createdMs),
        lastActivityAt: new Date(lastMs),
        completedAt: null,
        sourceUpdatedAt: new Date(lastMs),
        items: cartItems,
      });
      const channel = rng.pickWeighted(known ? returningChannels : newVisitorChannels);
      batch.sessions.push(
        webSession({
          rng,
          atMs: createdMs - rng.int(1, 15) * MINUTE,
          channel,
          campaign: profile.campaign,
          visitorId: known?.visitorId ?? medusaId("vis", createdMs, rng),
          landingPath: landingPath(),
          cartId,
          customerId: known?.id ?? null,
          referralCode:
            channel === "influencer" && activeCodes.length > 0 ? rng.pick(activeCodes).code : null,
        }),
      );
    }
    const browsing = rng.round(n * BROWSE_SESSIONS_PER_ORDER);
    for (let b = 0; b < browsing; b++) {
      const atMs = timeInDay(dayStart);
      const known =
        rng.chance(0.2) && customers.length > 0 ? customers[rng.int(0, customers.length - 1)]! : null;
      const channel = rng.pickWeighted(known ? returningChannels : newVisitorChannels);
      batch.sessions.push(
        webSession({
          rng,
          atMs,
          channel,
          campaign: profile.campaign,
          visitorId: known?.visitorId ?? medusaId("vis", atMs, rng),
          landingPath: landingPath(),
          referralCode:
            channel === "influencer" && activeCodes.length > 0 ? rng.pick(activeCodes).code : null,
        }),
      );
    }
    // Ads run on the plan (expected demand), not on the orders that happened to come in.
    batch.adSpend.push(...adSpendFor(rng, profile.day, (opts.orders * profile.weight) / totalWeight));

    if (batch.orders.length >= batchOrders || d === days - 1) {
      batch.ordersSoFar = ordersSoFar;
      yield batch;
      batch = emptyBatch();
    }
  }
}

function pickLineCount(rng: Rng): number {
  const r = rng.next();
  return r < 0.62 ? 1 : r < 0.87 ? 2 : r < 0.96 ? 3 : 4;
}

/** A whole-rupee percentage of an amount in paise. */
function pct(paise: number, percent: number): number {
  return Math.round((paise * percent) / 10_000) * 100;
}
