import type { Reply } from "@/lib/http";
import {
  receiveSigned,
  type SignedInput,
  type SignedReceiveDeps,
  type SignedSource,
} from "@/lib/inbox/receive-signed";
import { medusaEnvelopeSchema, type MedusaEnvelope } from "./envelope";
import { SIGNATURE_HEADER, verifySignature } from "./signature";

export const MEDUSA_SOURCE = "medusa";
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type ReceiveDeps = SignedReceiveDeps;

/** Medusa events, as the shipped subscriber signs and forwards them (README: webhook contract). */
const medusaSource: SignedSource<MedusaEnvelope> = {
  source: MEDUSA_SOURCE,
  maxBytes: MAX_WEBHOOK_BYTES,
  notConfigured:
    "MEDUSA_WEBHOOK_SECRET is not set, so Kosha cannot verify Medusa webhooks and accepts none. Set it to the same value as KOSHA_WEBHOOK_SECRET in Medusa.",
  verify: (header, raw, secret, now) =>
    verifySignature(header(SIGNATURE_HEADER), raw, secret, Math.floor(now.getTime() / 1000)),
  envelope: medusaEnvelopeSchema,
  toInbound: (event) => ({
    externalId: event.id,
    name: event.name,
    payload: event,
    occurredAt: new Date(event.occurred_at),
  }),
  acceptedStatus: 202,
};

/**
 * POST /api/webhooks/medusa. Checks the signature (with its 300 s timestamp window) over the raw
 * body, stores the event raw in the inbox (unique on its id) before anything else, then hands it
 * to the runner and answers 202. A re-delivery answers 200 "duplicate" and changes nothing.
 */
export function receiveMedusaWebhook(req: Request | SignedInput, deps: ReceiveDeps): Promise<Reply> {
  return receiveSigned(req, medusaSource, deps);
}
