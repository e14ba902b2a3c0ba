import { z } from "zod";

/*
 * The outbound message bodies Kosha sends through the Cloud API, as zod schemas: the one source
 * of their shape for the builders, the outbox (validated before a row is stored), the live
 * transport and the sandbox (which refuses what Meta would refuse). The envelope fields
 * (messaging_product, recipient_type, to) are added by the client at send time.
 * Shapes: developers.facebook.com/documentation/business-messaging/whatsapp/messages/.
 */

const textParam = z.object({ type: z.literal("text"), text: z.string().min(1).max(1024) });
const currencyParam = z.object({
  type: z.literal("currency"),
  currency: z.object({
    fallback_value: z.string().min(1),
    code: z.literal("INR"),
    /** amount × 1000: ₹499.50 is 499500 (paise × 10). */
    amount_1000: z.number().int().nonnegative(),
  }),
});
const imageParam = z.object({ type: z.literal("image"), image: z.object({ link: z.url() }) });
const payloadParam = z.object({ type: z.literal("payload"), payload: z.string().min(1).max(128) });
const actionParam = z.object({
  type: z.literal("action"),
  action: z.object({ thumbnail_product_retailer_id: z.string().min(1) }),
});

export const templateComponentSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("header"), parameters: z.array(z.union([textParam, imageParam])).max(1) }),
  z.object({ type: z.literal("body"), parameters: z.array(z.union([textParam, currencyParam])).max(20) }),
  z.object({
    type: z.literal("button"),
    sub_type: z.enum(["url", "quick_reply", "catalog", "mpm"]),
    index: z.string().regex(/^[0-9]$/),
    parameters: z.array(z.union([textParam, payloadParam, actionParam])).max(1),
  }),
]);
export type TemplateComponent = z.infer<typeof templateComponentSchema>;

export const templateMessageSchema = z.object({
  type: z.literal("template"),
  template: z.object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, "template names are lower-case letters, digits and _"),
    language: z.object({ code: z.string().min(2).max(15) }),
    components: z.array(templateComponentSchema).default([]),
  }),
});

export const textMessageSchema = z.object({
  type: z.literal("text"),
  text: z.object({ body: z.string().min(1).max(4096), preview_url: z.boolean().optional() }),
});

const replyButton = z.object({
  type: z.literal("reply"),
  reply: z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }),
});

export const interactiveMessageSchema = z.object({
  type: z.literal("interactive"),
  interactive: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("button"),
      header: z.object({ type: z.literal("text"), text: z.string().max(60) }).optional(),
      body: z.object({ text: z.string().min(1).max(1024) }),
      footer: z.object({ text: z.string().max(60) }).optional(),
      action: z.object({ buttons: z.array(replyButton).min(1).max(3) }),
    }),
    z.object({
      type: z.literal("product"),
      body: z.object({ text: z.string().max(1024) }).optional(),
      footer: z.object({ text: z.string().max(60) }).optional(),
      action: z.object({ catalog_id: z.string().min(1), product_retailer_id: z.string().min(1) }),
    }),
    z.object({
      type: z.literal("product_list"),
      header: z.object({ type: z.literal("text"), text: z.string().min(1).max(60) }),
      body: z.object({ text: z.string().min(1).max(1024) }),
      footer: z.object({ text: z.string().max(60) }).optional(),
      action: z.object({
        catalog_id: z.string().min(1),
        sections: z
          .array(
            z.object({
              title: z.string().min(1).max(24),
              product_items: z.array(z.object({ product_retailer_id: z.string().min(1) })).min(1),
            }),
          )
          .min(1)
          .max(10)
          .refine((s) => s.reduce((n, x) => n + x.product_items.length, 0) <= 30, "at most 30 products"),
      }),
    }),
  ]),
});

/** Any message body the outbox accepts. */
export const outboundMessageSchema = z.discriminatedUnion("type", [
  templateMessageSchema,
  textMessageSchema,
  interactiveMessageSchema,
]);
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;
export type TemplateMessage = z.infer<typeof templateMessageSchema>;

export const messageCategorySchema = z.enum(["marketing", "utility", "authentication", "service"]);
export type MessageCategory = z.infer<typeof messageCategorySchema>;

export const messageFlowSchema = z.enum([
  "cart_recovery",
  "order_update",
  "broadcast",
  "catalog",
  "reply",
  "owner",
]);
export type MessageFlow = z.infer<typeof messageFlowSchema>;

/** The outbox row kind, for filtering the log. */
export function messageKind(
  m: OutboundMessage,
): "template" | "text" | "interactive" | "product" | "product_list" {
  if (m.type !== "interactive") return m.type;
  return m.interactive.type === "button" ? "interactive" : m.interactive.type;
}

/** A template body parameter carrying money, from paise (₹1,299.50 → amount_1000 1299500). */
export function currencyParameter(paise: number): z.infer<typeof currencyParam> {
  const rupees = Math.trunc(paise / 100);
  const rest = Math.abs(paise % 100);
  const fallback = `₹${rupees.toLocaleString("en-IN")}${rest ? `.${String(rest).padStart(2, "0")}` : ""}`;
  return { type: "currency", currency: { fallback_value: fallback, code: "INR", amount_1000: paise * 10 } };
}

export const textParameter = (text: string): z.infer<typeof textParam> => ({ type: "text", text });

/** A template message with positional body parameters and optional URL-button suffixes. */
export function templateMessage(
  name: string,
  language: string,
  body: (string | { paise: number })[],
  opts: { urlButtonSuffix?: string; headerImage?: string } = {},
): TemplateMessage {
  const components: TemplateComponent[] = [];
  if (opts.headerImage) {
    components.push({ type: "header", parameters: [{ type: "image", image: { link: opts.headerImage } }] });
  }
  if (body.length > 0) {
    components.push({
      type: "body",
      parameters: body.map((p) => (typeof p === "string" ? textParameter(p) : currencyParameter(p.paise))),
    });
  }
  if (opts.urlButtonSuffix) {
    components.push({
      type: "button",
      sub_type: "url",
      index: "0",
      parameters: [textParameter(opts.urlButtonSuffix)],
    });
  }
  return templateMessageSchema.parse({
    type: "template",
    template: { name, language: { code: language }, components },
  });
}
