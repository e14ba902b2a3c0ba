import { eventType } from "inngest";
import { z } from "zod";
import { SKU_BLOCKED, SKU_UNBLOCKED, skuVerdictEventSchema } from "@/lib/guard/events";
import {
  CART_UPDATED,
  ORDER_UPDATED,
  cartUpdatedSchema,
  orderUpdatedSchema,
} from "@/lib/whatsapp/flows/commerce-events";

/*
 * The typed catalog of Kosha's own Inngest events. Schemas are plain zod objects (no transforms:
 * Inngest validates with them when a run starts and rejects transforms). Other domains add theirs
 * here, e.g. "kosha/inventory.sku-blocked".
 */

/** An inbound event (webhook) was stored in the inbox and awaits processing. */
export const inboundReceived = eventType("kosha/inbound.received", {
  schema: z.object({ id: z.number().int().positive() }),
});

/** Event id for an inbound row, so a repeated dispatch of the same row is deduplicated (24 h). */
export const inboundEventId = (id: number) => `inbound-${id}`;

/*
 * Guard and segments (lib/guard, lib/segments). `kosha/mirror.changed` is what the mirror writers
 * (Medusa webhook processing, the sync) send after an upsert, naming the ids they wrote; the
 * guard and the segments react to it.
 */
export const mirrorChanged = eventType("kosha/mirror.changed", {
  schema: z.object({
    kind: z.enum(["inventory", "product", "variant", "order", "customer"]),
    ids: z.array(z.string()).max(5000),
  }),
});

/** A SKU stopped being promotable (out of stock, low stock, dead, low margin, unlisted). */
export const skuBlocked = eventType(SKU_BLOCKED, { schema: skuVerdictEventSchema });
/** A blocked SKU is promotable again. */
export const skuUnblocked = eventType(SKU_UNBLOCKED, { schema: skuVerdictEventSchema });

/** A customer entered or left segments (incremental recompute on an order or customer change). */
export const customerSegmentsChanged = eventType("segments/customer.changed", {
  schema: z.object({
    customerId: z.string(),
    entered: z.array(z.string()),
    left: z.array(z.string()),
    at: z.string(),
  }),
});

/*
 * Commerce events for the WhatsApp flows (lib/whatsapp/flows): the mirror emits one per cart or
 * order it wrote. Cart recovery starts on a cart update and ends on an order from that cart or
 * customer; order updates and attribution run on every order update.
 */
export const cartUpdated = eventType(CART_UPDATED, { schema: cartUpdatedSchema });
export const orderUpdated = eventType(ORDER_UPDATED, { schema: orderUpdatedSchema });
