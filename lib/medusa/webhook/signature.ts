import { createHmac, timingSafeEqual } from "node:crypto";

/*
 * Kosha's webhook signature: header `x-kosha-signature: t=<unix seconds>,v1=<hex>` where
 * hex = HMAC-SHA256(key = secret, message = `${t}.${rawBody}`). The timestamp is signed with the
 * body so a captured request cannot be replayed later than the tolerance.
 */
export const SIGNATURE_HEADER = "x-kosha-signature";
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, t: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
}

/** The header value a sender puts on a body, e.g. for tests and the Medusa subscriber. */
export function signatureHeader(secret: string, rawBody: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  return `t=${nowSeconds},v1=${signPayload(secret, nowSeconds, rawBody)}`;
}

export type SignatureCheck = { ok: true; t: number } | { ok: false; reason: string };

export function verifySignature(
  header: string | null | undefined,
  rawBody: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2) as [string, string | undefined];
    if (k === "t" && v && /^\d{1,12}$/.test(v)) t = Number(v);
    // Several v1 values are allowed, so a secret can be rotated without dropping events.
    else if (k === "v1" && v) candidates.push(v.toLowerCase());
  }
  if (t === undefined || candidates.length === 0) {
    return { ok: false, reason: `malformed ${SIGNATURE_HEADER} header; expected t=<unix seconds>,v1=<hex>` };
  }
  if (Math.abs(nowSeconds - t) > toleranceSeconds) {
    return { ok: false, reason: `signature timestamp outside the ${toleranceSeconds} s tolerance` };
  }
  const expected = Buffer.from(signPayload(secret, t, rawBody), "hex");
  const match = candidates.some((c) => {
    if (!/^[0-9a-f]+$/.test(c) || c.length !== expected.length * 2) return false;
    return timingSafeEqual(Buffer.from(c, "hex"), expected);
  });
  return match ? { ok: true, t } : { ok: false, reason: "signature does not match" };
}
