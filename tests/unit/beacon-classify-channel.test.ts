import { describe, expect, it } from "vitest";
import { classifyChannel, matchChannelRule, type VisitSource } from "@/lib/traffic";
import type { TrafficChannel } from "@/lib/traffic";

const site = "shop.jaipurweaves.in";

// One row per rule and per ambiguity we decided: [what the visit looked like, expected channel].
const table: [string, VisitSource, TrafficChannel][] = [
  ["utm_source=whatsapp", { utmSource: "whatsapp", utmMedium: "social" }, "whatsapp"],
  ["utm_source=WhatsApp (case, spaces)", { utmSource: "  WhatsApp " }, "whatsapp"],
  ["wa.me referrer, no tags", { referrer: "https://wa.me/919876543210" }, "whatsapp"],
  ["api.whatsapp.com referrer", { referrer: "https://api.whatsapp.com/send?phone=91" }, "whatsapp"],
  ["WhatsApp Android app referrer", { referrer: "android-app://com.whatsapp/" }, "whatsapp"],
  ["WhatsApp Business app referrer", { referrer: "android-app://com.whatsapp.w4b/" }, "whatsapp"],
  ["l.instagram.com link shim", { referrer: "https://l.instagram.com/?u=https%3A%2F%2Fshop" }, "instagram"],
  ["www.instagram.com", { referrer: "https://www.instagram.com/" }, "instagram"],
  ["utm_source=ig", { utmSource: "ig", utmMedium: "story" }, "instagram"],
  ["Instagram app referrer", { referrer: "android-app://com.instagram.android/" }, "instagram"],
  ["utm_source=youtube", { utmSource: "youtube", utmMedium: "video" }, "youtube"],
  ["youtu.be referrer", { referrer: "https://youtu.be/abc" }, "youtube"],
  ["m.youtube.com referrer", { referrer: "https://m.youtube.com/watch?v=1" }, "youtube"],
  ["google organic referrer without utm", { referrer: "https://www.google.com/" }, "seo"],
  ["google.co.in referrer", { referrer: "https://www.google.co.in/" }, "seo"],
  ["bing referrer", { referrer: "https://www.bing.com/search?q=saree" }, "seo"],
  ["duckduckgo referrer", { referrer: "https://duckduckgo.com/" }, "seo"],
  ["Google app on Android", { referrer: "android-app://com.google.android.googlequicksearchbox/" }, "seo"],
  ["utm_medium=organic from google", { utmSource: "google", utmMedium: "organic" }, "seo"],
  [
    "google ad click landing (/aclk) is not organic",
    { referrer: "https://www.google.com/aclk?sa=l" },
    "other",
  ],
  ["gclid auto-tagging", { referrer: "https://www.google.com/", adClickId: "Cj0KCQ" }, "paid"],
  ["utm_medium=cpc", { utmSource: "google", utmMedium: "cpc" }, "paid"],
  ["utm_medium=paid_social on instagram", { utmSource: "instagram", utmMedium: "paid_social" }, "paid"],
  ["utm_medium=paid", { utmSource: "facebook", utmMedium: "paid" }, "paid"],
  ["utm_medium=display", { utmSource: "gdn", utmMedium: "display" }, "paid"],
  ["referral code alone", { referralCode: "PRIYA10" }, "influencer"],
  [
    "referral code beats utm_source=instagram",
    { referralCode: "PRIYA10", utmSource: "instagram", utmMedium: "social" },
    "influencer",
  ],
  ["referral code beats paid medium", { referralCode: "PRIYA10", utmMedium: "cpc" }, "influencer"],
  ["utm_medium=influencer", { utmSource: "priya", utmMedium: "influencer" }, "influencer"],
  ["utm_medium=affiliate", { utmSource: "partner", utmMedium: "affiliate" }, "influencer"],
  ["utm_medium=email", { utmSource: "diwali_list", utmMedium: "email" }, "email"],
  ["utm_source=newsletter", { utmSource: "newsletter" }, "email"],
  ["gmail web referrer", { referrer: "https://mail.google.com/" }, "email"],
  ["Gmail Android app", { referrer: "android-app://com.google.android.gm/" }, "email"],
  ["no referrer, no tags", {}, "direct"],
  ["empty strings and nulls", { utmSource: "", utmMedium: null, referrer: "" }, "direct"],
  ["referrer is our own site", { referrer: `https://${site}/collections/sarees`, siteHost: site }, "direct"],
  ["referrer is our own site with www", { referrer: `https://www.${site}/`, siteHost: site }, "direct"],
  ["facebook referrer", { referrer: "https://m.facebook.com/" }, "other"],
  ["some blog", { referrer: "https://handloomstories.blogspot.com/post" }, "other"],
  [
    "unknown utm tags beat the referrer",
    { utmSource: "partner_site", referrer: "https://www.google.com/" },
    "other",
  ],
  [
    "utm_source=whatsapp beats a google referrer",
    { utmSource: "whatsapp", referrer: "https://www.google.com/" },
    "whatsapp",
  ],
  ["unparseable referrer counts as none", { referrer: "not a url" }, "direct"],
];

describe("channel classification: first matching rule wins", () => {
  it.each(table)("%s", (_what, visit, expected) => {
    const rule = matchChannelRule(visit);
    expect(classifyChannel(visit), `rule that fired: ${rule.why}`).toBe(expected);
  });
});
