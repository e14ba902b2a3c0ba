import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureHeader, verifySignature } from "@/lib/medusa";

const secret = "s3cret";
const body =
  '{"id":"evt_1","name":"order.placed","data":{"id":"order_1"},"occurred_at":"2026-03-01T00:00:00Z"}';
const now = 1_772_323_200;
const hmac = (t: number, b: string, key = secret) =>
  createHmac("sha256", key).update(`${t}.${b}`).digest("hex");

describe("Kosha webhook signature", () => {
  it("accepts HMAC-SHA256 over `<t>.<raw body>`, computed independently", () => {
    expect(verifySignature(`t=${now},v1=${hmac(now, body)}`, body, secret, now)).toEqual({
      ok: true,
      t: now,
    });
    expect(signatureHeader(secret, body, now)).toBe(`t=${now},v1=${hmac(now, body)}`);
  });

  it("accepts uppercase hex, spaces after commas and a second v1 (secret rotation)", () => {
    const h = `t=${now}, v1=${hmac(now, body, "old")}, v1=${hmac(now, body).toUpperCase()}`;
    expect(verifySignature(h, body, secret, now).ok).toBe(true);
  });

  it("accepts timestamps exactly 300 s away, refuses 301 s either way", () => {
    for (const t of [now - 300, now + 300])
      expect(verifySignature(`t=${t},v1=${hmac(t, body)}`, body, secret, now).ok).toBe(true);
    for (const t of [now - 301, now + 301]) {
      expect(verifySignature(`t=${t},v1=${hmac(t, body)}`, body, secret, now)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/tolerance/),
      });
    }
  });

  it("refuses a changed body, a wrong secret, a changed t, and truncated or non-hex signatures", () => {
    const sig = hmac(now, body);
    expect(verifySignature(`t=${now},v1=${sig}`, body + " ", secret, now).ok).toBe(false);
    expect(verifySignature(`t=${now},v1=${hmac(now, body, "other")}`, body, secret, now).ok).toBe(false);
    expect(verifySignature(`t=${now + 1},v1=${sig}`, body, secret, now).ok).toBe(false);
    expect(verifySignature(`t=${now},v1=${sig.slice(0, 62)}`, body, secret, now).ok).toBe(false);
    expect(verifySignature(`t=${now},v1=${"z".repeat(64)}`, body, secret, now).ok).toBe(false);
  });

  it("refuses missing and malformed headers with a reason", () => {
    expect(verifySignature(null, body, secret, now)).toMatchObject({ ok: false, reason: /missing/ });
    expect(verifySignature(`v1=${hmac(now, body)}`, body, secret, now)).toMatchObject({
      ok: false,
      reason: /malformed/,
    });
    expect(verifySignature(`t=${now}`, body, secret, now)).toMatchObject({ ok: false, reason: /malformed/ });
    expect(verifySignature(`t=abc,v1=${hmac(now, body)}`, body, secret, now)).toMatchObject({ ok: false });
  });
});
