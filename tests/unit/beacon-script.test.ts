import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { collectEventSchema } from "@/lib/traffic";

/*
 * Runs the served beacon file, as it is, in a small fake browser (vm context): a cookie jar,
 * localStorage, location, history and sendBeacon that record what the script does. Every payload
 * must pass the server's schema.
 */
const source = readFileSync(path.resolve(import.meta.dirname, "../../lib/traffic/beacon/beacon.js"), "utf8");

interface Browser {
  now: number;
  href: string;
  referrer: string;
  cookies: Map<string, string>;
  storage: Map<string, string>;
  sent: { url: string; body: Record<string, unknown> }[];
  beaconWorks: boolean;
  fetched: { url: string; init: Record<string, unknown> }[];
  window: Record<string, unknown> & {
    kosha: { track: (t: string, p?: object) => string | null; visitorId(): string };
  };
  load(): void;
  navigate(href: string, referrer?: string): void;
}

function browser(opts: { href: string; referrer?: string; scriptAttrs?: Record<string, string> }): Browser {
  const b = {
    now: Date.parse("2026-10-02T10:00:00Z"),
    href: opts.href,
    referrer: opts.referrer ?? "",
    cookies: new Map<string, string>(),
    storage: new Map<string, string>(),
    sent: [] as Browser["sent"],
    fetched: [] as Browser["fetched"],
    beaconWorks: true,
  } as Browser;
  const location = {
    get href() {
      return b.href;
    },
    get pathname() {
      return new URL(b.href).pathname;
    },
    get search() {
      return new URL(b.href).search;
    },
    get protocol() {
      return new URL(b.href).protocol;
    },
  };
  const document = {
    get referrer() {
      return b.referrer;
    },
    get cookie() {
      return [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    },
    set cookie(v: string) {
      const [pair] = v.split(";");
      const i = pair!.indexOf("=");
      b.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    },
    get currentScript() {
      const attrs: Record<string, string> = opts.scriptAttrs ?? {};
      return { src: "https://kosha.example/embed/beacon.js", getAttribute: (n: string) => attrs[n] ?? null };
    },
  };
  const history = {
    pushState(_s: unknown, _t: string, url: string) {
      b.href = new URL(url, b.href).href;
    },
    replaceState(_s: unknown, _t: string, url: string) {
      b.href = new URL(url, b.href).href;
    },
  };
  b.load = () => {
    const win: Record<string, unknown> = {
      location,
      history,
      localStorage: {
        getItem: (k: string) => b.storage.get(k) ?? null,
        setItem: (k: string, v: string) => void b.storage.set(k, v),
      },
      navigator: {
        sendBeacon: (url: string, body: string) => {
          if (!b.beaconWorks) return false;
          b.sent.push({ url, body: JSON.parse(body) });
          return true;
        },
      },
      fetch: (url: string, init: Record<string, unknown>) => {
        b.fetched.push({ url, init });
        b.sent.push({ url, body: JSON.parse(init.body as string) });
        return Promise.resolve({});
      },
      crypto: globalThis.crypto,
      console,
      addEventListener: () => {},
    };
    win.window = win;
    const ctx = vm.createContext({
      window: win,
      document,
      URL,
      Uint8Array,
      JSON,
      Date: { now: () => b.now },
    });
    vm.runInContext(source, ctx);
    b.window = win as Browser["window"];
  };
  b.navigate = (href, referrer = "") => {
    b.href = href;
    b.referrer = referrer;
    b.load();
  };
  b.load();
  return b;
}

const MIN = 60_000;

describe("the beacon script", () => {
  it("sends a valid page view on load to /api/collect on Kosha's origin, with landing URL and referrer", () => {
    const b = browser({
      href: "https://shop.example.in/?utm_source=instagram&ref=PRIYA10",
      referrer: "https://l.instagram.com/",
    });
    expect(b.sent).toHaveLength(1);
    const [{ url, body }] = b.sent as [Browser["sent"][number]];
    expect(url).toBe("https://kosha.example/api/collect");
    expect(collectEventSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      type: "page_view",
      landingUrl: "https://shop.example.in/?utm_source=instagram&ref=PRIYA10",
      referrer: "https://l.instagram.com/",
      at: b.now,
    });
  });

  it("keeps one first-party visitor id across page loads, in a cookie and in localStorage", () => {
    const b = browser({ href: "https://shop.example.in/" });
    b.navigate("https://shop.example.in/products/a", "https://shop.example.in/");
    const [first, second] = b.sent;
    expect(first!.body.visitorId).toBe(second!.body.visitorId);
    expect(b.cookies.get("kosha_vid")).toBe(first!.body.visitorId);
    expect(b.storage.get("kosha_vid")).toBe(first!.body.visitorId);
    // Cookies cleared: localStorage still knows the visitor.
    b.cookies.clear();
    b.navigate("https://shop.example.in/products/b");
    expect(b.sent[2]!.body.visitorId).toBe(first!.body.visitorId);
  });

  it("starts a new session after 30 minutes of inactivity, not before", () => {
    const b = browser({ href: "https://shop.example.in/" });
    b.now += 30 * MIN;
    b.navigate("https://shop.example.in/a");
    b.now += 30 * MIN + 1;
    b.navigate("https://shop.example.in/b");
    const [s1, s2, s3] = b.sent.map((s) => s.body.sessionId);
    expect(s2).toBe(s1);
    expect(s3).not.toBe(s2);
    // The new session's landing is the page it started on.
    expect(b.sent[2]!.body.landingUrl).toBe("https://shop.example.in/b");
  });

  it("starts a new session when the visitor arrives through a differently tagged link", () => {
    const b = browser({ href: "https://shop.example.in/?utm_source=whatsapp&utm_campaign=diwali" });
    b.now += MIN;
    b.navigate("https://shop.example.in/products/a", "https://shop.example.in/"); // internal click: same session
    b.now += MIN;
    b.navigate("https://shop.example.in/?utm_source=whatsapp&utm_campaign=diwali"); // same link again: same
    b.now += MIN;
    b.navigate(
      "https://shop.example.in/?utm_source=instagram&utm_campaign=reels",
      "https://l.instagram.com/",
    );
    const ids = b.sent.map((s) => s.body.sessionId);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(ids[3]).not.toBe(ids[0]);
    expect(b.sent[3]!.body).toMatchObject({
      landingUrl: "https://shop.example.in/?utm_source=instagram&utm_campaign=reels",
      referrer: "https://l.instagram.com/",
    });
  });

  it("tracks add_to_cart with the product fields and the cart cookie, and ignores unknown types", () => {
    const b = browser({
      href: "https://shop.example.in/products/a",
      scriptAttrs: { "data-cart-cookie": "my_cart" },
    });
    b.cookies.set("my_cart", "cart_01HCOOKIE");
    const id = b.window.kosha.track("add_to_cart", {
      variantId: "variant_1",
      sku: "KD-1",
      quantity: 2,
      pricePaise: 249900,
      junk: "x",
    });
    expect(id).toEqual(expect.any(String));
    const body = b.sent.at(-1)!.body;
    expect(collectEventSchema.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      type: "add_to_cart",
      cartId: "cart_01HCOOKIE",
      variantId: "variant_1",
      quantity: 2,
      pricePaise: 249900,
    });
    expect(body).not.toHaveProperty("junk");
    // An explicit cartId wins over the cookie.
    b.window.kosha.track("checkout_start", { cartId: "cart_EXPLICIT", valuePaise: 499800 });
    expect(b.sent.at(-1)!.body.cartId).toBe("cart_EXPLICIT");
    const before = b.sent.length;
    expect(b.window.kosha.track("purchase")).toBeNull();
    expect(b.sent.length).toBe(before);
  });

  it("falls back to fetch (text/plain, keepalive, no credentials) when sendBeacon refuses", () => {
    const b = browser({ href: "https://shop.example.in/" });
    b.beaconWorks = false;
    b.window.kosha.track("product_view", { productId: "prod_1" });
    expect(b.fetched).toHaveLength(1);
    expect(b.fetched[0]!.init).toMatchObject({ method: "POST", keepalive: true, credentials: "omit" });
  });

  it("counts single-page navigations (pushState) as page views, once per path", () => {
    const b = browser({ href: "https://shop.example.in/" });
    const history = b.window.history as {
      pushState(s: unknown, t: string, u: string): void;
      replaceState(s: unknown, t: string, u: string): void;
    };
    history.pushState({}, "", "/products/a");
    history.replaceState({}, "", "/products/a");
    history.pushState({}, "", "/products/b");
    expect(b.sent.map((s) => new URL(s.body.url as string).pathname)).toEqual([
      "/",
      "/products/a",
      "/products/b",
    ]);
  });

  it("runs calls queued by the snippet before it loaded, and does not load twice", () => {
    const b = browser({ href: "https://shop.example.in/" });
    // Simulate a second copy of the script on the page: it must not replace the first.
    const first = b.window.kosha;
    const sent = b.sent.length;
    vm.runInContext(source, vm.createContext({ window: b.window, document: {}, URL }));
    expect(b.window.kosha).toBe(first);
    expect(b.sent.length).toBe(sent);
  });
});
