import type { Db } from "@/db";
import { schema } from "@/db";
import { upsertPlain, type CartRecord, type OrderRecord } from "@/lib/commerce";
import type {
  AdSpendRecord,
  ReferralCodeRecord,
  TrafficChannel as Channel,
  WebSessionRecord,
} from "@/lib/traffic";
import type { DemoCatalog } from "./catalog";
import { medusaId } from "./ids";
import { cumulative, Rng } from "./random";

/*
 * Where visits come from. New customers arrive mostly through Instagram, search, paid ads and
 * influencers; returning ones through WhatsApp broadcasts, email and typing the address.
 */
export const newVisitorChannels: Record<Channel, number> = {
  instagram: 22,
  seo: 17,
  whatsapp: 16,
  paid: 13,
  direct: 10,
  influencer: 9,
  youtube: 6,
  other: 5,
  email: 2,
};
export const returningChannels: Record<Channel, number> = {
  whatsapp: 35,
  direct: 20,
  email: 15,
  instagram: 12,
  seo: 8,
  paid: 4,
  influencer: 2,
  youtube: 2,
  other: 2,
};
export const wholesaleChannels: Partial<Record<Channel, number>> = { direct: 50, whatsapp: 50 };

/** Daily spend per channel as rupees per order the store takes that day (a rough CAC mix). */
const spendPerOrder: Partial<Record<Channel, number>> = {
  paid: 95,
  instagram: 70,
  influencer: 45,
  youtube: 30,
  whatsapp: 12,
  email: 2,
};

const influencers: [code: string, owner: string, channel: string][] = [
  ["PRIYA10", "Priya Rathore (@priyastylesjaipur)", "influencer"],
  ["SAREESTORIES", "Ananya Mehta (@sareestories)", "influencer"],
  ["PINKCITY15", "Kavya Shekhawat (@pinkcitydiaries)", "influencer"],
  ["DESIDRAPES", "Meera Iyer (@desidrapes)", "influencer"],
  ["HANDLOOMLOVE", "Ritu Khandelwal (@handloomlove)", "influencer"],
  ["MULMULMOM", "Swati Jain (@mulmulmom)", "influencer"],
  ["BAGRUBYNEHA", "Neha Choudhary (YouTube: Neha Styles)", "influencer"],
  ["INDIGODAYS", "Tanvi Desai (@indigodays)", "influencer"],
  ["DABUDIARY", "Aditi Mathur (@dabudiary)", "influencer"],
  ["HOMEBYSHREYA", "Shreya Kapoor (YouTube: Home by Shreya)", "influencer"],
  ["RAZAISEASON", "Ishita Bansal (@cosyjaipur)", "influencer"],
  ["KURTAKATHA", "Riya Saxena (@kurtakatha)", "influencer"],
  ["TRAVELJAIPUR", "Arjun Singh (YouTube: Travel Jaipur)", "influencer"],
  ["SLOWFASHION", "Divya Nair (@slowfashionindia)", "influencer"],
  ["BRIDALBLOCK", "Radhika Goyal (@bridalblockprint)", "influencer"],
  ["COTTONCRUSH", "Payal Verma (@cottoncrush)", "influencer"],
  ["VINTAGEVIBES", "Sakshi Malhotra (@vintagevibesin)", "influencer"],
  ["GHARSANSAR", "Sunita Agarwal (YouTube: Ghar Sansar)", "influencer"],
  ["STYLEWITHKIRAN", "Kiran Joshi (@stylewithkiran)", "influencer"],
  ["RANGREZA", "Rangreza Boutique (partner)", "other"],
  ["CRAFTCIRCLE", "Jaipur Craft Circle (partner)", "other"],
];

/** Influencer and partner codes, launched over the two years (a third before the first day). */
export function referralCodeSet(seed: number, firstDayStart: Date, days: number): ReferralCodeRecord[] {
  const rng = new Rng(seed, "referral-codes");
  return influencers.map(([code, ownerName, channel], i) => {
    const offsetDays =
      i < 7 ? -rng.int(10, 200) : Math.floor(((i - 6) / (influencers.length - 6)) * days * 0.9);
    return {
      code,
      ownerName,
      channel,
      createdAt: new Date(firstDayStart.getTime() + offsetDays * 86_400_000 + rng.int(9, 20) * 3_600_000),
    };
  });
}

export function adSpendFor(rng: Rng, day: string, ordersThatDay: number): AdSpendRecord[] {
  const out: AdSpendRecord[] = [];
  for (const [channel, rupees] of Object.entries(spendPerOrder) as [Channel, number][]) {
    const spend = Math.round(ordersThatDay * rupees * (0.75 + rng.next() * 0.5));
    if (spend > 0) out.push({ day, channel, spendPaise: spend * 100, source: "demo" });
  }
  return out;
}

export interface SessionContext {
  rng: Rng;
  atMs: number;
  channel: Channel;
  campaign: string;
  visitorId: string;
  landingPath: string;
  cartId?: string | null;
  customerId?: string | null;
  referralCode?: string | null;
}

/** A storefront session with the UTM tags and referrer each channel really sends. */
export function webSession(c: SessionContext): WebSessionRecord {
  const { rng, channel, campaign } = c;
  let utmSource: string | null = null;
  let utmMedium: string | null = null;
  let utmCampaign: string | null = null;
  let referrer: string | null = null;
  switch (channel) {
    case "whatsapp":
      utmSource = "whatsapp";
      utmMedium = rng.chance(0.7) ? "broadcast" : "chat";
      utmCampaign = campaign;
      break;
    case "instagram":
      utmSource = "instagram";
      utmMedium = rng.pick(["social", "reel", "story", "bio"]);
      utmCampaign = campaign;
      referrer = "https://l.instagram.com/";
      break;
    case "youtube":
      utmSource = "youtube";
      utmMedium = rng.chance(0.6) ? "video" : "shorts";
      utmCampaign = campaign;
      referrer = "https://www.youtube.com/";
      break;
    case "seo":
      referrer = rng.chance(0.92) ? "https://www.google.com/" : "https://www.bing.com/";
      break;
    case "influencer":
      utmSource = rng.chance(0.75) ? "instagram" : "youtube";
      utmMedium = "influencer";
      utmCampaign = c.referralCode?.toLowerCase() ?? campaign;
      referrer = utmSource === "instagram" ? "https://l.instagram.com/" : "https://www.youtube.com/";
      break;
    case "paid":
      utmSource = rng.chance(0.55) ? "google" : "facebook";
      utmMedium = utmSource === "google" ? "cpc" : "paid_social";
      utmCampaign = rng.chance(0.5)
        ? campaign
        : utmSource === "google"
          ? "pmax-catalog"
          : "prospecting-lookalike";
      referrer = utmSource === "google" ? "https://www.google.com/" : "https://m.facebook.com/";
      break;
    case "email":
      utmSource = "newsletter";
      utmMedium = "email";
      utmCampaign = campaign;
      break;
    case "direct":
      break;
    case "other":
      referrer = rng.pick([
        "https://www.pinterest.com/",
        "https://www.facebook.com/",
        "https://duckduckgo.com/",
      ]);
      break;
  }
  return {
    id: medusaId("sess", c.atMs, rng),
    visitorId: c.visitorId,
    startedAt: new Date(c.atMs),
    channel,
    utmSource,
    utmMedium,
    utmCampaign,
    referralCode: c.referralCode ?? null,
    referrer,
    landingPath: c.landingPath,
    cartId: c.cartId ?? null,
    customerId: c.customerId ?? null,
  };
}

export type SessionEventRecord = typeof schema.sessionEvents.$inferInsert;

interface ViewedProduct {
  productId: string;
  variantId: string;
  sku: string;
  pricePaise: number;
  path: string;
}

interface ProductIndex {
  byVariant: Map<string, ViewedProduct>;
  byPath: Map<string, ViewedProduct>;
  /** Variants with demand, and their cumulative demand: browsing follows what sells. */
  browsable: ViewedProduct[];
  cum: Float64Array;
}

const productIndexes = new WeakMap<DemoCatalog, ProductIndex>();

function productIndex(catalog: DemoCatalog): ProductIndex {
  let index = productIndexes.get(catalog);
  if (index) return index;
  const handleOf = new Map(catalog.products.map((p) => [p.id, p.handle]));
  const byVariant = new Map<string, ViewedProduct>();
  const byPath = new Map<string, ViewedProduct>();
  const browsable: ViewedProduct[] = [];
  const weights: number[] = [];
  for (const v of catalog.sellable) {
    const viewed = {
      productId: v.productId,
      variantId: v.id,
      sku: v.sku,
      pricePaise: v.pricePaise,
      path: `/products/${handleOf.get(v.productId)}`,
    };
    byVariant.set(v.id, viewed);
    if (!byPath.has(viewed.path)) byPath.set(viewed.path, viewed);
    if (v.demand > 0) {
      browsable.push(viewed);
      weights.push(v.demand);
    }
  }
  index = { byVariant, byPath, browsable, cum: cumulative(weights) };
  productIndexes.set(catalog, index);
  return index;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * The beacon's steps inside the demo's sessions, consistent with their carts and orders: every
 * (engaged) session viewed a product, a cart's session added each of its lines, every order
 * and half the abandoned carts with a contact (Medusa asks for one at checkout) started
 * checkout, the order's just before it was placed. Only the steps the journey and the funnel
 * count are stored, one product view per session and no page views: each row costs the seed
 * about as much as a session does (~4 rows per order, +~1/3 of the activity write time).
 *
 * Draws come from a stream per session (seeded by its id), so events depend only on the
 * session, never on batch size, and adding them left the activity stream untouched.
 */
export function demoSessionEvents(
  b: { sessions: WebSessionRecord[]; carts: CartRecord[]; orders: OrderRecord[] },
  catalog: DemoCatalog,
  lastMs: number,
): SessionEventRecord[] {
  const index = productIndex(catalog);
  const carts = new Map(b.carts.map((c) => [c.id, c]));
  const placed = new Map<string, number>();
  for (const o of b.orders) if (o.cartId) placed.set(o.cartId, o.placedAt.getTime());
  const out: SessionEventRecord[] = [];

  for (const s of b.sessions) {
    const rng = new Rng(s.id, "events");
    const startMs = s.startedAt.getTime();
    const cart = s.cartId ? carts.get(s.cartId) : undefined;
    const placedMs = s.cartId ? placed.get(s.cartId) : undefined;
    const recoveryVisit = cart !== undefined && placedMs !== undefined && s.landingPath === "/cart";
    const steps: Omit<SessionEventRecord, "id" | "sessionId" | "visitorId" | "occurredAt" | "receivedAt">[] =
      [];
    const view = (p: ViewedProduct) =>
      steps.push({
        type: "product_view",
        path: p.path,
        productId: p.productId,
        variantId: p.variantId,
        sku: p.sku,
        unitPricePaise: p.pricePaise,
        valuePaise: p.pricePaise,
      });
    const landed = s.landingPath ? index.byPath.get(s.landingPath) : undefined;
    let checkout = false;
    if (cart && !recoveryVisit) {
      // The product of the first line was viewed, then every line added.
      const lines = cart.items.map((item) => ({ item, p: index.byVariant.get(item.variantId ?? "") }));
      const first = lines[0]?.p ?? landed;
      if (first) view(first);
      for (const { item, p } of lines) {
        steps.push({
          type: "add_to_cart",
          path: p?.path ?? "/cart",
          productId: p?.productId ?? null,
          variantId: item.variantId ?? null,
          sku: item.sku ?? null,
          cartId: cart.id,
          quantity: item.quantity,
          unitPricePaise: item.unitPricePaise,
          valuePaise: item.unitPricePaise * item.quantity,
        });
      }
      // Every order went through checkout; an abandoned cart did when it left a contact (half
      // of those: the rest are logged-in customers' carts that never got that far).
      checkout =
        placedMs !== undefined
          ? !isRecoveredCart(cart, placedMs) || rng.chance(0.5)
          : Boolean(cart.email || cart.phone) && rng.chance(0.5);
    } else if (!cart) {
      // An engaged visit reached a product page: the one it landed on, else one people buy.
      view(landed ?? index.browsable[rng.weighted(index.cum)]!);
    }
    if (recoveryVisit || checkout) {
      steps.push({
        type: "checkout_start",
        path: "/checkout",
        cartId: cart!.id,
        valuePaise: cartValue(cart!),
      });
    }

    // Spread the steps over the visit: to just before the order, else to the cart's last
    // activity, else a browse of a few minutes; never past the demo's last instant.
    const endMs = Math.min(
      lastMs,
      placedMs !== undefined && (recoveryVisit || !isRecoveredCart(cart!, placedMs))
        ? placedMs - 30 * SECOND
        : cart
          ? Math.max(cart.lastActivityAt.getTime(), startMs + 2 * MINUTE)
          : startMs + rng.int(1, 15) * MINUTE,
    );
    const span = Math.max(0, endMs - startMs);
    steps.forEach((step, i) => {
      const at = new Date(startMs + Math.floor((span * i) / Math.max(1, steps.length - 1)));
      out.push({
        ...step,
        id: `${s.id}_e${i}`,
        sessionId: s.id,
        visitorId: s.visitorId,
        occurredAt: at,
        receivedAt: at,
      });
    });
  }
  return out;
}

/** A recovered cart went quiet over an hour before its order (see activity.ts). */
function isRecoveredCart(cart: CartRecord, placedMs: number): boolean {
  return placedMs - cart.lastActivityAt.getTime() > 60 * MINUTE;
}

function cartValue(cart: CartRecord): number {
  return (cart.items ?? []).reduce((sum, i) => sum + i.unitPricePaise * i.quantity, 0);
}

/** Writes demo session events (a replayed seed rewrites the same rows). */
export const upsertDemoSessionEvents = (db: Db, rows: SessionEventRecord[]) =>
  upsertPlain(db, schema.sessionEvents, [schema.sessionEvents.id], rows);
