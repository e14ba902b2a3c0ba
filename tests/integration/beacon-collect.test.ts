import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db";
import { fixedClock } from "@/lib/time";
import { handleCollect, hitCollectRateLimit, parseStorefrontOrigins, type CollectDeps } from "@/lib/traffic";
import { engines, testDb, type TestDb } from "../support/db";

const UA =
  "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
const T0 = Date.parse("2026-10-02T10:00:00Z");
let seq = 0;

function event(over: Record<string, unknown> = {}) {
  seq++;
  return {
    v: 1,
    id: `evt-${String(seq).padStart(8, "0")}`,
    type: "page_view",
    at: T0,
    visitorId: "visitor-aaaa",
    sessionId: "session-aaaa",
    url: "https://shop.example.in/",
    landingUrl: "https://shop.example.in/?utm_source=whatsapp&utm_campaign=diwali",
    referrer: "",
    ...over,
  };
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request("http://kosha.test/api/collect", {
    method: "POST",
    headers: { "user-agent": UA, "content-type": "text/plain", "x-forwarded-for": "203.0.113.7", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function count(db: TestDb["db"], table: "web_sessions" | "session_events"): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql.raw(`select count(*) as n from ${table}`));
  return Number(row!.n);
}

describe.each(engines)("POST /api/collect handler on %s", (engine) => {
  let t: TestDb;
  let deps: CollectDeps;
  const clock = fixedClock(new Date(T0 + 1000));

  beforeAll(async () => {
    t = await testDb(engine);
    deps = { db: t.db, clock, origins: parseStorefrontOrigins("*") };
  });
  afterAll(() => t.drop());

  it("creates the session with its channel on the first event and stores every event", async () => {
    const res = await handleCollect(post(event()), deps);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ stored: true, duplicate: false });
    const pv = await handleCollect(
      post(
        event({
          type: "product_view",
          url: "https://shop.example.in/products/kota?x=1",
          productId: "prod_kota",
          pricePaise: 249900,
          at: T0 + 500,
        }),
      ),
      deps,
    );
    expect(pv.status).toBe(202);
    const cart = await handleCollect(
      post(
        event({
          type: "add_to_cart",
          variantId: "variant_kota_red",
          sku: "KD-RED",
          cartId: "cart_01ABC",
          quantity: 2,
          pricePaise: 249900,
          at: T0 + 900,
        }),
      ),
      deps,
    );
    expect(cart.status).toBe(202);

    const sessions = await queryRows<Record<string, unknown>>(
      t.db,
      sql`select id, visitor_id, channel, utm_source, utm_campaign, landing_path, cart_id, started_at from web_sessions`,
    );
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      id: "session-aaaa",
      visitor_id: "visitor-aaaa",
      channel: "whatsapp",
      utm_source: "whatsapp",
      utm_campaign: "diwali",
      landing_path: "/",
      cart_id: "cart_01ABC",
    });
    expect(new Date(sessions[0]!.started_at as string).getTime()).toBe(T0);

    const events = await queryRows<Record<string, unknown>>(
      t.db,
      sql`select type, path, product_id, variant_id, sku, cart_id, quantity, unit_price_paise, value_paise
          from session_events where session_id = 'session-aaaa' order by occurred_at`,
    );
    expect(
      events.map((e) => ({
        ...e,
        unit_price_paise: e.unit_price_paise === null ? null : Number(e.unit_price_paise),
        value_paise: e.value_paise === null ? null : Number(e.value_paise),
      })),
    ).toEqual([
      {
        type: "page_view",
        path: "/",
        product_id: null,
        variant_id: null,
        sku: null,
        cart_id: null,
        quantity: null,
        unit_price_paise: null,
        value_paise: null,
      },
      {
        type: "product_view",
        path: "/products/kota",
        product_id: "prod_kota",
        variant_id: null,
        sku: null,
        cart_id: null,
        quantity: null,
        unit_price_paise: 249900,
        value_paise: 249900,
      },
      {
        type: "add_to_cart",
        path: "/",
        product_id: null,
        variant_id: "variant_kota_red",
        sku: "KD-RED",
        cart_id: "cart_01ABC",
        quantity: 2,
        unit_price_paise: 249900,
        value_paise: 499800,
      },
    ]);
  });

  it("treats a resent event id as a no-op", async () => {
    const e = event({ sessionId: "session-dupe", visitorId: "visitor-dupe" });
    expect((await handleCollect(post(e), deps)).status).toBe(202);
    const again = await handleCollect(post({ ...e, type: "checkout_start" }), deps);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ stored: false, duplicate: true });
    const rows = await queryRows<{ type: string }>(
      t.db,
      sql`select type from session_events where id = ${e.id}`,
    );
    expect(rows).toEqual([{ type: "page_view" }]);
  });

  it("keeps the earliest start when events of a session arrive out of order", async () => {
    await handleCollect(
      post(event({ sessionId: "session-order", visitorId: "visitor-order", at: T0 + 800 })),
      deps,
    );
    await handleCollect(
      post(event({ sessionId: "session-order", visitorId: "visitor-order", at: T0 + 100 })),
      deps,
    );
    const [row] = await queryRows<{ started_at: string }>(
      t.db,
      sql`select started_at from web_sessions where id = 'session-order'`,
    );
    expect(new Date(row!.started_at).getTime()).toBe(T0 + 100);
  });

  it("asks for rollup upkeep when a session is created or its cart changes, not on every event", async () => {
    const changed: string[] = [];
    const d = { ...deps, onSessionChanged: async (id: string) => void changed.push(id) };
    const mk = (over: Record<string, unknown> = {}) =>
      post(event({ sessionId: "session-roll", visitorId: "visitor-roll", ...over }));
    await handleCollect(mk(), d); // new session
    await handleCollect(mk({ type: "product_view", productId: "prod_1" }), d); // nothing new
    await handleCollect(mk({ type: "add_to_cart", sku: "A", cartId: "cart_R1" }), d); // cart linked
    await handleCollect(mk({ type: "checkout_start", cartId: "cart_R1" }), d); // same cart
    await handleCollect(mk({ type: "checkout_start", cartId: "cart_R2" }), d); // new cart
    expect(changed).toEqual(["session-roll", "session-roll", "session-roll"]);
  });

  it("refuses a session id that belongs to another visitor, storing nothing", async () => {
    const before = await count(t.db, "session_events");
    const res = await handleCollect(
      post(event({ sessionId: "session-aaaa", visitorId: "visitor-intruder" })),
      deps,
    );
    expect(res.status).toBe(409);
    expect(await count(t.db, "session_events")).toBe(before);
  });

  it("answers bots 204 and forged, oversized or clock-impossible posts 4xx, storing nothing", async () => {
    const sessions = await count(t.db, "web_sessions");
    const events = await count(t.db, "session_events");
    const ok = event({ sessionId: "session-nope", visitorId: "visitor-nope" });
    const cases: [Request, number, string | null][] = [
      [post(ok, { "user-agent": "WhatsApp/2.23.20.0 A" }), 204, null],
      [post(ok, { "user-agent": "" }), 204, null],
      [post("{not json"), 400, "invalid_body"],
      [post({ ...ok, extra: 1 }), 400, "invalid_body"],
      [post({ ...ok, url: "javascript:alert(1)" }), 400, "invalid_body"],
      [post({ ...ok, at: T0 + 60 * 60_000 }), 400, "invalid_timestamp"],
      [post({ ...ok, referrer: "x".repeat(9000) }), 413, "payload_too_large"],
    ];
    for (const [req, status, code] of cases) {
      const res = await handleCollect(req, deps);
      expect(res.status).toBe(status);
      if (code) expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await count(t.db, "web_sessions")).toBe(sessions);
    expect(await count(t.db, "session_events")).toBe(events);
  });

  it("refuses browsers on origins outside KOSHA_STOREFRONT_ORIGINS and echoes allowed ones", async () => {
    const only = { ...deps, origins: parseStorefrontOrigins("https://shop.example.in") };
    const bad = await handleCollect(
      post(event({ sessionId: "session-evil", visitorId: "visitor-evil" }), {
        origin: "https://evil.example",
      }),
      only,
    );
    expect(bad.status).toBe(403);
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
    const good = await handleCollect(
      post(event({ sessionId: "session-good", visitorId: "visitor-good" }), {
        origin: "https://shop.example.in",
      }),
      only,
    );
    expect(good.status).toBe(202);
    expect(good.headers.get("access-control-allow-origin")).toBe("https://shop.example.in");
    const [row] = await queryRows<{ n: number | string }>(
      t.db,
      sql`select count(*) as n from web_sessions where id = 'session-evil'`,
    );
    expect(Number(row!.n)).toBe(0);
  });

  it("rate-limits per visitor: the limit+1th post in a minute is 429 and stored nothing; the next minute is open", async () => {
    const limits = { windowMs: 60_000, perVisitor: 3, perIp: 100 };
    const c = fixedClock(new Date(T0 + 5_000));
    const d = { ...deps, clock: c, limits };
    const mk = () => event({ sessionId: "session-rl", visitorId: "visitor-rl", at: c.now().getTime() });
    for (let i = 0; i < 3; i++) expect((await handleCollect(post(mk()), d)).status).toBe(202);
    const refused = mk();
    const res = await handleCollect(post(refused), d);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBe(55);
    const rows = await queryRows<{ id: string }>(
      t.db,
      sql`select id from session_events where id = ${refused.id}`,
    );
    expect(rows).toEqual([]);
    c.set(new Date(T0 + 60_000)); // next window
    expect((await handleCollect(post(mk()), d)).status).toBe(202);
  });

  it("rate-limits per IP across visitor ids, so inventing visitors does not get round it", async () => {
    const limits = { windowMs: 60_000, perVisitor: 100, perIp: 2 };
    const c = fixedClock(new Date(T0 + 120_000));
    const d = { ...deps, clock: c, limits };
    const from = { "x-forwarded-for": "198.51.100.9" };
    const mk = (n: number) =>
      event({ sessionId: `session-ip-${n}`, visitorId: `visitor-ip-${n}`, at: c.now().getTime() });
    expect((await handleCollect(post(mk(1), from), d)).status).toBe(202);
    expect((await handleCollect(post(mk(2), from), d)).status).toBe(202);
    expect((await handleCollect(post(mk(3), from), d)).status).toBe(429);
    // Another address is unaffected.
    expect((await handleCollect(post(mk(4), { "x-forwarded-for": "198.51.100.10" }), d)).status).toBe(202);
  });

  it("counts concurrent hits exactly: of 12 simultaneous requests with a limit of 5, 5 pass", async () => {
    const now = new Date(T0 + 240_000);
    const limits = { windowMs: 60_000, perVisitor: 5, perIp: 0 };
    const decisions = await Promise.all(
      Array.from({ length: 12 }, () =>
        hitCollectRateLimit(t.db, { visitorId: "visitor-burst", ip: "x" }, now, limits),
      ),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });
});
