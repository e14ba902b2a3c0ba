import type { TrafficChannel } from "./channels";

/** What a visit tells us about where it came from (all optional: a direct visit has none). */
export interface VisitSource {
  utmSource?: string | null;
  utmMedium?: string | null;
  utmCampaign?: string | null;
  referralCode?: string | null;
  /** document.referrer of the landing page: http(s) or android-app:// (Android apps), or empty. */
  referrer?: string | null;
  /** Host of the storefront itself, so a referrer from our own pages counts as no referrer. */
  siteHost?: string | null;
  /** Google Ads auto-tagging (gclid, gbraid, wbraid) on the landing URL. */
  adClickId?: string | null;
}

interface Facts {
  source: string;
  medium: string;
  hasUtm: boolean;
  referralCode: string;
  /** Referrer host without "www." (or the Android package for android-app://), "" if none or our own. */
  refHost: string;
  refPath: string;
  adClick: boolean;
}

export interface ChannelRule {
  channel: TrafficChannel;
  /** Why this rule exists, for the reader and for tests that print the rule that fired. */
  why: string;
  when(f: Facts): boolean;
}

const PAID_MEDIUMS =
  /^(cpc|ppc|cpm|cpv|cpa|paid|paid[-_ ]?(social|search|media|ads?)|display|ads?|sponsored|retargeting)$/;
const EMAIL = /^(e-?mail|newsletter|mailchimp|klaviyo)$/;
const SEARCH_ENGINES =
  /(^|\.)(google\.[a-z.]+|bing\.com|duckduckgo\.com|search\.yahoo\.com|yandex\.[a-z.]+|ecosia\.org|baidu\.com|search\.brave\.com)$/;
const WEBMAIL =
  /^(mail\.google\.com|outlook\.live\.com|outlook\.office\.com|outlook\.office365\.com|mail\.yahoo\.com|mail\.zoho\.in|mail\.zoho\.com)$/;

const sourceIs = (f: Facts, ...names: string[]) => names.includes(f.source);
const hostIs = (f: Facts, pattern: RegExp) => f.refHost !== "" && pattern.test(f.refHost);

/**
 * First matching rule wins. Order matters: a referral code beats everything (the influencer is
 * paid on it, whatever link they shared), paid beats the network it ran on (an Instagram ad is
 * spend, not organic Instagram), explicit UTM tags beat the referrer, and a referrer beats nothing.
 */
export const CHANNEL_RULES: readonly ChannelRule[] = [
  {
    channel: "influencer",
    why: "a referral code (?ref=) names the influencer",
    when: (f) => f.referralCode !== "",
  },
  { channel: "paid", why: "utm_medium says the click was bought", when: (f) => PAID_MEDIUMS.test(f.medium) },
  { channel: "paid", why: "Google Ads auto-tagging (gclid/gbraid/wbraid)", when: (f) => f.adClick },
  {
    channel: "influencer",
    why: "utm_medium=influencer/affiliate",
    when: (f) => /^(influencer|affiliate|creator)s?$/.test(f.medium),
  },
  {
    channel: "whatsapp",
    why: "utm_source=whatsapp",
    when: (f) => sourceIs(f, "whatsapp", "wa", "whatsapp_business"),
  },
  { channel: "instagram", why: "utm_source=instagram", when: (f) => sourceIs(f, "instagram", "ig", "insta") },
  { channel: "youtube", why: "utm_source=youtube", when: (f) => sourceIs(f, "youtube", "yt") },
  {
    channel: "email",
    why: "utm_medium or utm_source says email",
    when: (f) => EMAIL.test(f.medium) || EMAIL.test(f.source),
  },
  {
    channel: "seo",
    why: "utm_medium=organic from a search engine",
    when: (f) => f.medium === "organic" && sourceIs(f, "google", "bing", "duckduckgo", "yahoo", "ecosia"),
  },
  { channel: "other", why: "tagged with UTM we do not recognise", when: (f) => f.hasUtm },
  {
    channel: "whatsapp",
    why: "referred by a WhatsApp link (wa.me, api/web/chat.whatsapp.com, the Android app)",
    when: (f) =>
      hostIs(f, /^(wa\.me|api\.whatsapp\.com|web\.whatsapp\.com|chat\.whatsapp\.com|com\.whatsapp(\.w4b)?)$/),
  },
  {
    channel: "instagram",
    why: "referred by Instagram (l.instagram.com link shim, the Android app)",
    when: (f) => hostIs(f, /^((l|m)\.)?instagram\.com$|^com\.instagram\.android$/),
  },
  {
    channel: "youtube",
    why: "referred by YouTube",
    when: (f) => hostIs(f, /^((m|music)\.)?youtube\.com$|^youtu\.be$|^com\.google\.android\.youtube$/),
  },
  {
    channel: "email",
    why: "referred by a webmail client or the Gmail app",
    when: (f) => hostIs(f, WEBMAIL) || hostIs(f, /^com\.google\.android\.gm$/),
  },
  {
    channel: "seo",
    why: "referred by a search engine without tags: organic search",
    when: (f) =>
      (hostIs(f, SEARCH_ENGINES) && !f.refPath.startsWith("/aclk")) ||
      hostIs(f, /^com\.google\.android\.googlequicksearchbox$/),
  },
  { channel: "direct", why: "no tags and no outside referrer", when: (f) => f.refHost === "" },
  { channel: "other", why: "some other site sent the visitor", when: () => true },
];

/** The channel of a visit, by the first rule in CHANNEL_RULES that matches. Pure. */
export function classifyChannel(visit: VisitSource): TrafficChannel {
  return matchChannelRule(visit).channel;
}

export function matchChannelRule(visit: VisitSource): ChannelRule {
  const f = facts(visit);
  // The last rule always matches.
  return CHANNEL_RULES.find((r) => r.when(f)) ?? CHANNEL_RULES[CHANNEL_RULES.length - 1]!;
}

function norm(v: string | null | undefined): string {
  return (v ?? "").trim().toLowerCase();
}

function facts(v: VisitSource): Facts {
  const source = norm(v.utmSource);
  const medium = norm(v.utmMedium);
  const { host, path } = referrerHost(v.referrer ?? "");
  const site = norm(v.siteHost).replace(/^www\./, "");
  return {
    source,
    medium,
    hasUtm: source !== "" || medium !== "" || norm(v.utmCampaign) !== "",
    referralCode: norm(v.referralCode),
    refHost: host !== "" && host === site ? "" : host,
    refPath: path,
    adClick: norm(v.adClickId) !== "",
  };
}

function referrerHost(referrer: string): { host: string; path: string } {
  if (referrer.trim() === "") return { host: "", path: "" };
  try {
    const url = new URL(referrer.trim());
    if (url.protocol === "android-app:") return { host: url.hostname.toLowerCase(), path: "" };
    return { host: url.hostname.toLowerCase().replace(/^www\./, ""), path: url.pathname };
  } catch {
    return { host: "", path: "" };
  }
}
