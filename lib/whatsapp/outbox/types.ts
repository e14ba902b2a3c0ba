import { z } from "zod";
import { messageCategorySchema, messageFlowSchema, outboundMessageSchema } from "../messages";

/*
 * What a flow, a broadcast or the owner hands to the outbox. The outbox decides, per draft and
 * in one place, whether it may go out (consent, service window, contact-pressure budget,
 * messaging tier) and records the decision: queued, rescheduled (queued later, with the reason),
 * skipped (with the reason) or duplicate (the idempotency key was seen before).
 */
export const messageDraftSchema = z.object({
  /** Deterministic per flow + subject + step, e.g. "cart_recovery:cart_01:1"; a repeat is a no-op. */
  idempotencyKey: z.string().min(1).max(300),
  /** wa phone key (lib/whatsapp/phone normalizePhone) */
  phone: z.string().regex(/^[0-9]{8,15}$/),
  customerId: z.string().nullish(),
  category: messageCategorySchema,
  flow: messageFlowSchema,
  message: outboundMessageSchema,
  broadcastId: z.number().int().nullish(),
  cartId: z.string().nullish(),
  orderId: z.string().nullish(),
  /** Attribution tag carried by the message's links (utm_campaign) and credited on conversion. */
  attribution: z.string().max(200).nullish(),
  /** Earliest send time (default now). */
  notBefore: z.date().optional(),
});
export type MessageDraft = z.input<typeof messageDraftSchema>;

export type EnqueueOutcome =
  | { key: string; outcome: "queued"; id: number }
  | { key: string; outcome: "rescheduled"; id: number; notBefore: Date; reason: string }
  | { key: string; outcome: "skipped"; id: number; reason: string }
  | { key: string; outcome: "duplicate"; id: number; status: string };

/** Why a message was not sent, in the owner's words (stored in wa_messages.reason). */
export const skipReasons = {
  noConsent: "no WhatsApp opt-in on record",
  optedOut: "opted out",
  overBudget: "contact-pressure budget used up",
  windowClosed: "outside the 24-hour service window (free-form needs an open window)",
  tierReached: "24-hour messaging tier reached",
  guardBlocked: "every featured product is blocked by the inventory guard",
  templateNotApproved: "template not approved",
} as const;
