import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";

/*
 * The commerce events the WhatsApp flows start from. The mirror (lib/mirror) emits them after a
 * cart or an order was written, carrying what the flows match on without reading the mirror
 * again: a cart-recovery run waits for an order with its cart id or its customer id.
 * inngest/events.ts wraps these schemas with eventType().
 */
export const CART_UPDATED = "commerce/cart.updated";
export const ORDER_UPDATED = "commerce/order.updated";

export const cartUpdatedSchema = z.object({
  cartId: z.string().min(1),
  customerId: z.string().nullish(),
  /** Medusa's updated_at as ISO: the shopper's last activity this event reports. */
  lastActivityAt: z.string().optional(),
});
export type CartUpdated = z.infer<typeof cartUpdatedSchema>;

export const orderUpdatedSchema = z.object({
  orderId: z.string().min(1),
  cartId: z.string().nullish(),
  customerId: z.string().nullish(),
  /** A carrier's tracking, when the emitter knows it (the mirror keeps none yet). */
  tracking: z.object({ number: z.string().optional(), url: z.string().optional() }).optional(),
});
export type OrderUpdated = z.infer<typeof orderUpdatedSchema>;

export interface CommerceEvent {
  name: typeof CART_UPDATED | typeof ORDER_UPDATED;
  data: Record<string, unknown>;
}

/** More ids than this in one mirror change is a bulk load, not shopper activity: no flow events. */
export const MAX_COMMERCE_EVENTS = 1000;

/**
 * One event per cart or order the mirror just wrote (none for other kinds, or for a bulk write).
 * Carts and orders are read back for the ids the flows match on, in one query.
 */
export async function commerceEvents(
  db: Db,
  change: { kind: string; ids: readonly string[] },
): Promise<CommerceEvent[]> {
  if (change.ids.length === 0 || change.ids.length > MAX_COMMERCE_EVENTS) return [];
  const ids = JSON.stringify(change.ids);
  if (change.kind === "cart") {
    const rows = await queryRows<{ id: string; customer_id: string | null; last_activity_at: Date | string }>(
      db,
      sql`select id, customer_id, last_activity_at from carts
          where id = any(array(select jsonb_array_elements_text(${ids}::jsonb)))`,
    );
    return rows.map((r) => ({
      name: CART_UPDATED,
      data: {
        cartId: r.id,
        customerId: r.customer_id,
        lastActivityAt: new Date(r.last_activity_at).toISOString(),
      },
    }));
  }
  if (change.kind === "order") {
    const rows = await queryRows<{ id: string; cart_id: string | null; customer_id: string | null }>(
      db,
      sql`select id, cart_id, customer_id from orders
          where id = any(array(select jsonb_array_elements_text(${ids}::jsonb)))`,
    );
    return rows.map((r) => ({
      name: ORDER_UPDATED,
      data: { orderId: r.id, cartId: r.cart_id, customerId: r.customer_id },
    }));
  }
  return [];
}
