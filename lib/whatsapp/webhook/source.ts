/** The inbox source of WhatsApp webhooks (inbound_events.source). */
export const WHATSAPP_SOURCE = "whatsapp";
