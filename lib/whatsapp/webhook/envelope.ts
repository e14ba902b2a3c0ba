import { z } from "zod";

/*
 * Meta's webhook envelope for a WhatsApp Business Account, as zod schemas. Strict only where
 * Kosha depends on a field (ids, statuses, timestamps, phones); everything else passes through
 * untouched, because a 400 makes Meta re-deliver the same body for days and an unknown extra
 * field is no reason to refuse it. The raw body is kept in the inbox regardless.
 * Shapes: developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 */

/** Unix seconds, as Meta sends them (a string of digits; a number is accepted too). */
const unixSeconds = z
  .union([z.string().regex(/^\d{1,12}$/, "expected unix seconds"), z.number().int().nonnegative()])
  .transform(Number);

const waId = z.string().regex(/^\d{6,20}$/, "expected a phone as digits with country code");

export const statusErrorSchema = z.looseObject({
  code: z.coerce.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

export const waStatusSchema = z.looseObject({
  id: z.string().min(1).max(200),
  /** sent | delivered | read | failed (others, e.g. deleted, are kept but not applied) */
  status: z.string().min(1).max(40),
  timestamp: unixSeconds,
  recipient_id: z.string().optional(),
  pricing: z.looseObject({ billable: z.boolean().optional(), category: z.string().optional() }).optional(),
  errors: z.array(statusErrorSchema).optional(),
});
export type WaStatus = z.infer<typeof waStatusSchema>;

export const waInboundMessageSchema = z.looseObject({
  from: waId,
  id: z.string().min(1).max(200),
  timestamp: unixSeconds,
  type: z.string().min(1),
  text: z.looseObject({ body: z.string() }).optional(),
  /** A template's quick-reply button. */
  button: z.looseObject({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
    })
    .optional(),
});
export type WaInboundMessage = z.infer<typeof waInboundMessageSchema>;

export const waMessagesValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({
    phone_number_id: z.string().min(1),
    display_phone_number: z.string().optional(),
  }),
  contacts: z
    .array(z.looseObject({ wa_id: z.string(), profile: z.looseObject({ name: z.string() }).optional() }))
    .optional(),
  messages: z.array(waInboundMessageSchema).optional(),
  statuses: z.array(waStatusSchema).optional(),
  errors: z.array(z.looseObject({ code: z.coerce.number().int(), title: z.string().optional() })).optional(),
});
export type WaMessagesValue = z.infer<typeof waMessagesValueSchema>;

/** field "message_template_status_update": Meta approved, rejected, paused or disabled a template. */
export const waTemplateStatusValueSchema = z.looseObject({
  event: z.string().min(1),
  message_template_id: z.union([z.string(), z.number()]).optional(),
  message_template_name: z.string().min(1),
  message_template_language: z.string().min(1),
  reason: z.string().nullish(),
  other_info: z.looseObject({ title: z.string().optional(), description: z.string().optional() }).optional(),
});
export type WaTemplateStatusValue = z.infer<typeof waTemplateStatusValueSchema>;

const changeSchema = z.object({ field: z.string().min(1), value: z.unknown() }).transform((c, ctx) => {
  const schema =
    c.field === "messages"
      ? waMessagesValueSchema
      : c.field === "message_template_status_update"
        ? waTemplateStatusValueSchema
        : undefined;
  // Other fields (phone_number_quality_update, account_alerts...) are stored but not applied.
  if (!schema) return { field: c.field, value: c.value } as WaChange;
  const parsed = schema.safeParse(c.value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: "custom", message: issue.message, path: ["value", ...issue.path] });
    }
    return z.NEVER;
  }
  return { field: c.field, value: parsed.data } as WaChange;
});

export type WaChange =
  | { field: "messages"; value: WaMessagesValue }
  | { field: "message_template_status_update"; value: WaTemplateStatusValue }
  | { field: string; value: unknown };

export const waEnvelopeSchema = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.looseObject({ id: z.string().optional(), changes: z.array(changeSchema).min(1) })).min(1),
});
export type WaEnvelope = z.infer<typeof waEnvelopeSchema>;

export const isMessagesChange = (c: WaChange): c is { field: "messages"; value: WaMessagesValue } =>
  c.field === "messages";
export const isTemplateStatusChange = (
  c: WaChange,
): c is { field: "message_template_status_update"; value: WaTemplateStatusValue } =>
  c.field === "message_template_status_update";

/** What a POST carries, as the inbox name: "statuses", "messages", a field name, or several joined by "+". */
export function envelopeName(env: WaEnvelope): string {
  const kinds = new Set<string>();
  for (const entry of env.entry) {
    for (const c of entry.changes) {
      if (isMessagesChange(c)) {
        if (c.value.statuses?.length) kinds.add("statuses");
        if (c.value.messages?.length) kinds.add("messages");
        if (c.value.errors?.length) kinds.add("errors");
      } else kinds.add(c.field);
    }
  }
  return kinds.size === 0 ? "empty" : [...kinds].sort().join("+");
}
