import { describe, expect, it } from "vitest";
import {
  collectEventSchema,
  corsHeaders,
  isBotUserAgent,
  originAllowed,
  parseStorefrontOrigins,
  sessionAttribution,
  timestampProblem,
} from "@/lib/traffic";

const base = {
  v: 1,
  id: "4b1d1c7e-0f2a-4d0e-9b1a-1f2e3d4c5b6a",
  type: "page_view",
  at: Date.parse("2026-10-02T10:00:00Z"),
  visitorId: "visitor-0001",
  sessionId: "session-0001",
  url: "https://shop.example.in/products/kota-doria",
  landingUrl: "https://shop.example.in/?utm_source=instagram",
  referrer: "",
};

function issuesOf(input: unknown): string[] {
  const r = collectEventSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("the collect event schema", () => {
  it("accepts a page view and an add-to-cart with product fields", () => {
    expect(issuesOf(base)).toEqual([]);
    expect(
      issuesOf({
        ...base,
        type: "add_to_cart",
        variantId: "variant_01HX",
        sku: "KD-SAREE-RED 01",
        cartId: "cart_01HXYZ",
        quantity: 2,
        pricePaise: 249900,
      }),
    ).toEqual([]);
  });

  it("accepts Android app referrers, which are how in-app opens show up", () => {
    expect(issuesOf({ ...base, referrer: "android-app://com.whatsapp/" })).toEqual([]);
  });

  it.each([
    ["an unknown field", { ...base, admin: true }, ""],
    ["an unknown event type", { ...base, type: "purchase" }, "type"],
    ["a wrong version", { ...base, v: 2 }, "v"],
    ["a string timestamp", { ...base, at: "2026-10-02" }, "at"],
    ["a fractional timestamp", { ...base, at: 1.5 }, "at"],
    ["an id with spaces", { ...base, visitorId: "bad id with spaces" }, "visitorId"],
    ["a too-short session id", { ...base, sessionId: "abc" }, "sessionId"],
    ["a too-long event id", { ...base, id: "x".repeat(65) }, "id"],
    ["a javascript: URL", { ...base, url: "javascript:alert(1)" }, "url"],
    ["a data: landing URL", { ...base, landingUrl: "data:text/html,hi" }, "landingUrl"],
    ["a file: referrer", { ...base, referrer: "file:///etc/passwd" }, "referrer"],
    ["a URL over 2048 chars", { ...base, url: `https://shop.example.in/${"a".repeat(2100)}` }, "url"],
    ["a cart id with SQL in it", { ...base, cartId: "cart_1'; drop table x;--" }, "cartId"],
    ["a negative price", { ...base, type: "add_to_cart", sku: "A", pricePaise: -1 }, "pricePaise"],
    ["a zero quantity", { ...base, type: "add_to_cart", sku: "A", quantity: 0 }, "quantity"],
    ["a non-ASCII sku", { ...base, type: "add_to_cart", sku: "साड़ी" }, "sku"],
    ["an add-to-cart naming no product", { ...base, type: "add_to_cart" }, "productId"],
    ["a product view naming no product", { ...base, type: "product_view" }, "productId"],
  ])("refuses %s", (_what, input, path) => {
    const issues = issuesOf(input);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.startsWith(`${path}:`))).toBe(true);
  });

  it("refuses timestamps more than 15 minutes ahead or 24 hours behind the server", () => {
    const now = new Date("2026-10-02T10:00:00Z");
    expect(timestampProblem(now.getTime(), now)).toBeNull();
    expect(timestampProblem(now.getTime() + 15 * 60_000, now)).toBeNull();
    expect(timestampProblem(now.getTime() + 15 * 60_000 + 1, now)).toMatch(/future/);
    expect(timestampProblem(now.getTime() - 24 * 3600_000, now)).toBeNull();
    expect(timestampProblem(now.getTime() - 24 * 3600_000 - 1, now)).toMatch(/past/);
    expect(timestampProblem(0, now)).toMatch(/past/);
  });
});

describe("session attribution from the landing URL", () => {
  it("takes UTM tags, an upper-cased ref code and the path, and classifies", () => {
    const s = sessionAttribution(
      "https://shop.example.in/collections/sarees?utm_source=instagram&utm_medium=social&utm_campaign=diwali&ref=priya10",
      "https://l.instagram.com/",
    );
    expect(s).toEqual({
      utmSource: "instagram",
      utmMedium: "social",
      utmCampaign: "diwali",
      referralCode: "PRIYA10",
      referrer: "https://l.instagram.com/",
      landingPath: "/collections/sarees",
      channel: "influencer",
    });
  });

  it("drops a malformed ref code but keeps the visit", () => {
    const s = sessionAttribution("https://shop.example.in/?ref=%3Cscript%3E", "");
    expect(s.referralCode).toBeNull();
    expect(s.channel).toBe("direct");
  });

  it("treats a gclid landing as paid", () => {
    expect(sessionAttribution("https://shop.example.in/?gclid=abc", "https://www.google.com/").channel).toBe(
      "paid",
    );
  });
});

describe("bot user agents are dropped, people's browsers are not", () => {
  it.each([
    "WhatsApp/2.23.20.0 A",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
    "TelegramBot (like TwitterBot)",
    "curl/8.5.0",
    "python-requests/2.31",
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
    "",
  ])("bot: %s", (ua) => expect(isBotUserAgent(ua)).toBe(true));

  it.each([
    "Mozilla/5.0 (Linux; Android 13; SM-A146B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 337.0.3.23.54 (iPhone14,5; iOS 17_5; en_IN)",
    "Mozilla/5.0 (Linux; Android 12; RMX3363 Build/SKQ1; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/468.0.0.52.107;]",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  ])("person: %s", (ua) => expect(isBotUserAgent(ua)).toBe(false));
});

describe("storefront origins (KOSHA_STOREFRONT_ORIGINS)", () => {
  it("defaults to any origin, echoing it back", () => {
    const any = parseStorefrontOrigins(undefined);
    expect(any).toBe("*");
    expect(corsHeaders("https://a.example", any)["Access-Control-Allow-Origin"]).toBe("https://a.example");
  });

  it("normalises a list and allows only its origins (and requests with no Origin)", () => {
    const list = parseStorefrontOrigins(" https://shop.example.in/ , https://www.shop.example.in");
    expect(originAllowed("https://shop.example.in", list)).toBe(true);
    expect(originAllowed("https://www.shop.example.in", list)).toBe(true);
    expect(originAllowed("https://evil.example", list)).toBe(false);
    expect(originAllowed(null, list)).toBe(true);
    expect(corsHeaders("https://evil.example", list)["Access-Control-Allow-Origin"]).toBeUndefined();
  });

  it("refuses a non-http origin in the setting", () => {
    expect(() => parseStorefrontOrigins("ftp://shop.example.in")).toThrow(/not an http/);
  });
});
