import type {
  AdSpendRecord,
  ReferralCodeRecord,
  TrafficChannel as Channel,
  WebSessionRecord,
} from "@/lib/traffic";
import { medusaId } from "./ids";
import { Rng } from "./random";

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
