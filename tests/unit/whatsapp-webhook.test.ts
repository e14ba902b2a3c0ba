import { describe, expect, it } from "vitest";
import type { Db } from "@/db";
import {
  consentKeyword,
  receiveWhatsAppWebhook,
  verifySubscription,
  verifyWhatsAppSignature,
  whatsappSignature,
} from "@/lib/whatsapp/webhook";

describe("consent keywords", () => {
  it.each([
    "STOP",
    "stop.",
    " Stop!! 🙏",
    "UNSUBSCRIBE",
    "Stop All",
    "CANCEL",
    "opt out",
    "OPT_OUT",
    "बंद",
    "बंद करो",
    "बंद करो।",
    "रोको",
    "रुको",
    "स्टॉप",
    "अनसब्सक्राइब",
    "band karo",
    "BAND",
    "rokho",
    "Roko",
  ])("%s is an opt-out", (text) => {
    expect(consentKeyword(text)?.action).toBe("opt_out");
  });

  it.each(["START", "subscribe", "शुरू", "start karo"])("%s is an opt-in", (text) => {
    expect(consentKeyword(text)?.action).toBe("opt_in");
  });

  it.each([
    "stop sending me the red saree? no, I love it",
    "please don't stop",
    "band baaja baaraat",
    "बंद गले का कुर्ता है?",
    "",
    "cancel my order 1042",
  ])("%j is not a keyword (whole-message match only)", (text) => {
    expect(consentKeyword(text)).toBeNull();
  });

  it("answers Hindi for Devanagari keywords", () => {
    expect(consentKeyword("बंद करो")).toEqual({ action: "opt_out", language: "hi" });
    expect(consentKeyword("band karo")).toEqual({ action: "opt_out", language: "en" });
  });
});

describe("Meta's X-Hub-Signature-256", () => {
  const body = '{"object":"whatsapp_business_account","entry":[]}';
  it("accepts the HMAC-SHA256 of the raw body with the app secret", () => {
    expect(verifyWhatsAppSignature(whatsappSignature("s3cret", body), body, "s3cret")).toEqual({ ok: true });
    // The RFC-style vector HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
    expect(whatsappSignature("key", "The quick brown fox jumps over the lazy dog")).toBe(
      "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
    );
  });
  it("refuses a missing, malformed or forged signature, or an altered body", () => {
    expect(verifyWhatsAppSignature(null, body, "s3cret")).toMatchObject({ ok: false, reason: /missing/ });
    expect(verifyWhatsAppSignature("sha1=abc", body, "s3cret")).toMatchObject({
      ok: false,
      reason: /malformed/,
    });
    expect(verifyWhatsAppSignature(whatsappSignature("other", body), body, "s3cret")).toMatchObject({
      ok: false,
    });
    expect(verifyWhatsAppSignature(whatsappSignature("s3cret", body), `${body} `, "s3cret")).toMatchObject({
      ok: false,
    });
  });
});

describe("when WhatsApp is not configured", () => {
  it("the handshake answers 403 saying the verify token is not set", async () => {
    const res = verifySubscription(
      new URL("http://x/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=a&hub.challenge=1"),
      undefined,
    );
    expect(res.status).toBe(403);
    expect((JSON.parse(res.body) as { error: { message: string } }).error.message).toMatch(
      /WHATSAPP_VERIFY_TOKEN is not set/,
    );
  });

  it("a POST is refused with 503 (Meta keeps re-delivering) without reading or storing anything", async () => {
    const db = new Proxy({}, { get: () => expect.fail("the database must not be touched") }) as Db;
    const body = '{"object":"whatsapp_business_account","entry":[]}';
    const res = await receiveWhatsAppWebhook(
      new Request("http://x/api/webhooks/whatsapp", {
        method: "POST",
        headers: { "x-hub-signature-256": whatsappSignature("", body) },
        body,
      }),
      { db, secret: undefined, dispatch: async () => expect.fail("nothing to dispatch") },
    );
    expect(res.status).toBe(503);
    expect((JSON.parse(res.body) as { error: { code: string } }).error.code).toBe("webhook_not_configured");
  });
});
