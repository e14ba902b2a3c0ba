/*
 * Builders of Meta-shaped WhatsApp webhook bodies for tests and benches: statuses, customer
 * messages and template status updates in the whatsapp_business_account envelope.
 */
export const PHONE_NUMBER_ID = "106540352242922";

const unix = (iso: string | Date) => String(Math.floor(new Date(iso).getTime() / 1000));

export interface StatusSpec {
  wamid: string;
  status: "sent" | "delivered" | "read" | "failed" | string;
  at: string | Date;
  recipient?: string;
  error?: { code: number; title: string; details?: string };
  pricing?: { billable: boolean; category: string };
}

export function statusItem(s: StatusSpec) {
  return {
    id: s.wamid,
    status: s.status,
    timestamp: unix(s.at),
    recipient_id: s.recipient ?? "919800000000",
    ...(s.pricing ? { pricing: { ...s.pricing, pricing_model: "PMP" } } : {}),
    ...(s.error
      ? {
          errors: [
            {
              code: s.error.code,
              title: s.error.title,
              message: s.error.title,
              error_data: { details: s.error.details ?? s.error.title },
            },
          ],
        }
      : {}),
  };
}

export function envelope(value: Record<string, unknown>, field = "messages") {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA_1",
        changes: [
          {
            field,
            value:
              field === "messages"
                ? {
                    messaging_product: "whatsapp",
                    metadata: { display_phone_number: "919999999999", phone_number_id: PHONE_NUMBER_ID },
                    ...value,
                  }
                : value,
          },
        ],
      },
    ],
  };
}

export const statusesBody = (...statuses: StatusSpec[]) => envelope({ statuses: statuses.map(statusItem) });

export interface InboundSpec {
  wamid: string;
  from: string;
  at: string | Date;
  text?: string;
  name?: string;
  button?: { id: string; title: string };
  order?: boolean;
}

export function inboundBody(...msgs: InboundSpec[]) {
  return envelope({
    contacts: msgs.map((m) => ({ wa_id: m.from, profile: { name: m.name ?? "Meera" } })),
    messages: msgs.map((m) => ({
      from: m.from,
      id: m.wamid,
      timestamp: unix(m.at),
      ...(m.button
        ? { type: "interactive", interactive: { type: "button_reply", button_reply: m.button } }
        : m.order
          ? {
              type: "order",
              order: {
                catalog_id: "cat_1",
                product_items: [
                  { product_retailer_id: "SKU-1", quantity: 1, item_price: 499.5, currency: "INR" },
                ],
              },
            }
          : { type: "text", text: { body: m.text ?? "" } }),
    })),
  });
}

export function templateStatusBody(name: string, language: string, event: string, reason?: string) {
  return envelope(
    {
      event,
      message_template_id: 594425479261596,
      message_template_name: name,
      message_template_language: language,
      reason: reason ?? "NONE",
    },
    "message_template_status_update",
  );
}
