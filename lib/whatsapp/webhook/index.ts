export { receiveWhatsAppWebhook, MAX_WHATSAPP_WEBHOOK_BYTES, type ReceiveWhatsAppDeps } from "./receive";
export { verifySubscription } from "./verify";
export { whatsappSignature, verifyWhatsAppSignature, WHATSAPP_SIGNATURE_HEADER } from "./signature";
export {
  waEnvelopeSchema,
  envelopeName,
  type WaEnvelope,
  type WaStatus,
  type WaInboundMessage,
} from "./envelope";
export { consentKeyword, keywordForm, messageKeyword, type ConsentKeyword } from "./keywords";
export { applyWhatsAppPayloads, type ApplyDeps, type ApplySummary, type PayloadOutcome } from "./apply";
export { STATUS_RANK } from "./apply-statuses";
export { costBookingsSettled } from "./cost-booking";
export { type EnqueueMessages } from "./apply-inbound";
export { consentReplyKey } from "./replies";
export {
  whatsappInboundHandler,
  whatsappInboundLookup,
  receiveWhatsAppPayload,
  WHATSAPP_SOURCE,
} from "./handler";
