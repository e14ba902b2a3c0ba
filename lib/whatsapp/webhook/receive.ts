import { createHash } from "node:crypto";
import type { Reply } from "@/lib/http";
import {
  receiveSigned,
  type SignedInput,
  type SignedReceiveDeps,
  type SignedSource,
} from "@/lib/inbox/receive-signed";
import { envelopeName, waEnvelopeSchema, type WaEnvelope } from "./envelope";
import { WHATSAPP_SOURCE } from "./source";
import { verifyWhatsAppSignature, WHATSAPP_SIGNATURE_HEADER } from "./signature";

/** Meta's webhook bodies are small (a few statuses or messages); 1 MiB leaves ample room. */
export const MAX_WHATSAPP_WEBHOOK_BYTES = 1024 * 1024;

/**
 * `secret` is WHATSAPP_APP_SECRET. Unset means every POST is refused with 503, in the sandbox
 * too: an unsigned or default-secret webhook would let anyone write consent (a forged START opts a
 * stranger in to marketing), and a 503 makes Meta keep re-delivering for days, so nothing sent
 * before the secret is configured is lost. To exercise the sandbox, set any secret and sign with
 * it (whatsappSignature in this folder; the tests and the bench do).
 */
export type ReceiveWhatsAppDeps = SignedReceiveDeps;

const whatsappSource: SignedSource<WaEnvelope> = {
  source: WHATSAPP_SOURCE,
  maxBytes: MAX_WHATSAPP_WEBHOOK_BYTES,
  notConfigured:
    "WHATSAPP_APP_SECRET is not set, so Kosha cannot verify WhatsApp webhooks and accepts none. Set it to the Meta app's App Secret.",
  verify: (header, raw, secret) => verifyWhatsAppSignature(header(WHATSAPP_SIGNATURE_HEADER), raw, secret),
  envelope: waEnvelopeSchema,
  // Keyed by the SHA-256 of the raw body: Meta's retry of the same POST is then a no-op answered
  // 200 "duplicate" (its signature has no timestamp, so this plus idempotent application is the
  // replay protection).
  // The payload is the body as sent, every field Meta added kept (the schema checks a subset).
  toInbound: (envelope, raw, json) => ({
    externalId: createHash("sha256").update(raw, "utf8").digest("hex"),
    name: envelopeName(envelope),
    payload: json,
  }),
  acceptedStatus: 200,
};

/**
 * POST /api/webhooks/whatsapp: Meta's signature over the raw body, the envelope checked, the body
 * stored in the inbox before anything else, 200 at once; statuses and messages are applied by
 * the runner.
 */
export function receiveWhatsAppWebhook(
  req: Request | SignedInput,
  deps: ReceiveWhatsAppDeps,
): Promise<Reply> {
  return receiveSigned(req, whatsappSource, deps);
}
