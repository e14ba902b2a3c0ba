import { createHmac, timingSafeEqual } from "node:crypto";

/*
 * Meta's webhook signature: header `X-Hub-Signature-256: sha256=<hex>` where
 * hex = HMAC-SHA256(key = the app secret, message = the raw body bytes). There is no timestamp
 * in it, so a captured POST can be re-sent at any time: replays are made harmless by storing
 * each body once (keyed by its hash) and applying statuses idempotently, not by a time window.
 */
export const WHATSAPP_SIGNATURE_HEADER = "x-hub-signature-256";

export function whatsappSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

export type WhatsAppSignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyWhatsAppSignature(
  header: string | null | undefined,
  rawBody: string,
  secret: string,
): WhatsAppSignatureCheck {
  if (!header) return { ok: false, reason: "missing X-Hub-Signature-256 header" };
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m)
    return { ok: false, reason: "malformed X-Hub-Signature-256 header; expected sha256=<64 hex digits>" };
  const expected = createHmac("sha256", secret).update(rawBody, "utf8").digest();
  // Both sides are 32 bytes here, so timingSafeEqual cannot throw and leaks nothing by length.
  return timingSafeEqual(Buffer.from(m[1]!, "hex"), expected)
    ? { ok: true }
    : { ok: false, reason: "signature does not match the body (wrong app secret, or the body was altered)" };
}
