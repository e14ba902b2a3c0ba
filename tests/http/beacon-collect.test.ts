import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { servers } from "../support/servers";
import { ownerCookie } from "../support/sign-in";

const UA =
  "Mozilla/5.0 (Linux; Android 13; SM-A146B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
const STOREFRONT = "https://shop.example.in";

function ids() {
  const n = randomUUID();
  return { visitorId: `v-${n}`, sessionId: `s-${n}` };
}

function event(who: { visitorId: string; sessionId: string }, over: Record<string, unknown> = {}) {
  return {
    v: 1,
    id: randomUUID(),
    type: "page_view",
    at: Date.now(),
    url: `${STOREFRONT}/products/kota-doria`,
    landingUrl: `${STOREFRONT}/?utm_source=whatsapp&utm_medium=social`,
    referrer: "",
    ...who,
    ...over,
  };
}

const pools: postgres.Sql[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end({ timeout: 1 })));
});

describe.each(servers())("storefront beacon over HTTP on $engine", (server) => {
  const { baseUrl } = server;
  // A fresh address per test, so the per-IP limit of one test never touches another.
  const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const collect = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baseUrl}/api/collect`, {
      method: "POST",
      headers: {
        "content-type": "text/plain;charset=UTF-8",
        "user-agent": UA,
        origin: STOREFRONT,
        "x-forwarded-for": ip(),
        ...headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  /** What Kosha stored for a visitor, read back through the owner API (works on both engines). */
  async function stored(visitorId: string) {
    const cookie = await ownerCookie(server);
    const res = await fetch(`${baseUrl}/api/v1/traffic/sessions?visitorId=${visitorId}`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    const { sessions } = (await res.json()) as {
      sessions: { id: string; channel: string; cartId: string | null }[];
    };
    const events: { id: string; type: string }[] = [];
    for (const s of sessions) {
      const r = await fetch(`${baseUrl}/api/v1/traffic/events?sessionId=${s.id}`, { headers: { cookie } });
      events.push(...((await r.json()) as { events: { id: string; type: string }[] }).events);
    }
    return { sessions, events };
  }

  it("serves /embed/beacon.js as cacheable JavaScript with an ETag", async () => {
    const res = await fetch(`${baseUrl}/embed/beacon.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(res.headers.get("cache-control")).toMatch(/public, max-age=3600/);
    const body = await res.text();
    expect(body).toContain("sendBeacon");
    const etag = res.headers.get("etag")!;
    const again = await fetch(`${baseUrl}/embed/beacon.js`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("answers a CORS preflight from a storefront origin", async () => {
    const res = await fetch(`${baseUrl}/api/collect`, {
      method: "OPTIONS",
      headers: {
        origin: STOREFRONT,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(STOREFRONT);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
  });

  it("stores a session with its channel and its events, once per event id", async () => {
    const who = ids();
    const first = event(who);
    const res = await collect(first);
    expect(res.status).toBe(202);
    expect(res.headers.get("access-control-allow-origin")).toBe(STOREFRONT);
    expect((await collect(first)).status).toBe(202); // resend: a no-op
    expect(
      (
        await collect(
          event(who, {
            type: "add_to_cart",
            sku: "KD-RED",
            cartId: "cart_01HTTP",
            quantity: 1,
            pricePaise: 249900,
          }),
        )
      ).status,
    ).toBe(202);
    const { sessions, events } = await stored(who.visitorId);
    expect(sessions).toEqual([
      expect.objectContaining({ id: who.sessionId, channel: "whatsapp", cartId: "cart_01HTTP" }),
    ]);
    expect(events.map((e) => e.type)).toEqual(["page_view", "add_to_cart"]);
  });

  it("drops bots with 204 and stores nothing", async () => {
    const who = ids();
    for (const ua of [
      "WhatsApp/2.23.20.0 A",
      "facebookexternalhit/1.1",
      "Googlebot/2.1 (+http://www.google.com/bot.html)",
    ]) {
      const res = await collect(event(who), { "user-agent": ua });
      expect(res.status).toBe(204);
    }
    expect(await stored(who.visitorId)).toEqual({ sessions: [], events: [] });
  });

  it("refuses forged and oversized posts with 4xx and a reason, storing nothing", async () => {
    const who = ids();
    const cases: [unknown, number, string][] = [
      ["not json", 400, "invalid_body"],
      [{ ...event(who), isAdmin: true }, 400, "invalid_body"],
      [event(who, { type: "purchase" }), 400, "invalid_body"],
      [event(who, { url: "javascript:alert(1)" }), 400, "invalid_body"],
      [event(who, { at: Date.now() + 86_400_000 }), 400, "invalid_timestamp"],
      [event(who, { referrer: `https://x.example/${"a".repeat(9000)}` }), 413, "payload_too_large"],
    ];
    for (const [body, status, code] of cases) {
      const res = await collect(body);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code,
      });
    }
    expect(await stored(who.visitorId)).toEqual({ sessions: [], events: [] });

    if (server.engine === "postgres") {
      // And straight from the database the app writes to.
      const sql = postgres(server.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      pools.push(sql);
      const rows = await sql<
        { n: string }[]
      >`select count(*) as n from session_events where visitor_id = ${who.visitorId}`;
      expect(Number(rows[0]!.n)).toBe(0);
    }
  });

  it("rate-limits one visitor at 120 events a minute with 429 and Retry-After", async () => {
    const who = ids();
    const from = { "x-forwarded-for": ip() };
    let refused: Response | null = null;
    let refusedId = "";
    // Within two fixed windows, 241 posts must overflow one of them.
    for (let i = 0; i < 241 && !refused; i++) {
      const e = event(who, { type: "product_view", productId: "prod_1" });
      const res = await collect(e, from);
      if (res.status === 429) {
        refused = res;
        refusedId = e.id;
      } else expect(res.status).toBe(202);
    }
    expect(refused).not.toBeNull();
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const { events } = await stored(who.visitorId);
    expect(events.some((e) => e.id === refusedId)).toBe(false);
  });
});
