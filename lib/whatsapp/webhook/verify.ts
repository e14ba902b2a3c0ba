import { timingSafeEqual } from "node:crypto";
import { errorReply, type Reply } from "@/lib/http";

/*
 * GET /api/webhooks/whatsapp: Meta's subscription handshake. When the app's webhook is saved in
 * the Meta dashboard, Meta calls with hub.mode=subscribe, the verify token typed there and a
 * random hub.challenge; echoing the challenge (as the raw body, nothing around it) proves this
 * endpoint belongs to whoever knows WHATSAPP_VERIFY_TOKEN.
 */
export function verifySubscription(url: URL, verifyToken: string | undefined): Reply {
  if (!verifyToken) {
    return errorReply(
      403,
      "webhook_not_configured",
      "WHATSAPP_VERIFY_TOKEN is not set, so Kosha cannot verify Meta's webhook subscription. Set it to the verify token entered in the Meta app's WhatsApp webhook settings.",
    );
  }
  const q = url.searchParams;
  if (q.get("hub.mode") !== "subscribe") {
    return errorReply(403, "invalid_mode", "hub.mode must be subscribe.");
  }
  const token = q.get("hub.verify_token") ?? "";
  const a = Buffer.from(token, "utf8");
  const b = Buffer.from(verifyToken, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return errorReply(403, "invalid_verify_token", "hub.verify_token does not match WHATSAPP_VERIFY_TOKEN.");
  }
  const challenge = q.get("hub.challenge");
  if (!challenge) return errorReply(403, "missing_challenge", "hub.challenge is missing.");
  return { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: challenge };
}
