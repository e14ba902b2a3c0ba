import type { CartRecord } from "@/lib/commerce";
import type { MedusaCart } from "../schemas";
import { clean, paiseOrZero, toDate, toDateOrNull, toE164 } from "./values";

export function mapCart(c: MedusaCart): CartRecord {
  return {
    id: c.id,
    customerId: c.customer_id ?? null,
    email: clean(c.email)?.toLowerCase() ?? null,
    phone: toE164(c.shipping_address?.phone ?? c.billing_address?.phone),
    salesChannelId: c.sales_channel_id ?? null,
    currencyCode: c.currency_code.toLowerCase(),
    createdAt: toDate(c.created_at),
    lastActivityAt: lastShopperActivity(c),
    completedAt: toDateOrNull(c.completed_at),
    sourceUpdatedAt: toDate(c.updated_at),
    items: (c.items ?? []).map((i) => ({
      id: i.id,
      variantId: i.variant_id ?? null,
      sku: i.variant_sku ?? null,
      title: i.title,
      quantity: i.quantity,
      unitPricePaise: paiseOrZero(i.unit_price),
    })),
  };
}

/**
 * When the shopper last touched the cart. Completing a cart bumps its updated_at to the checkout
 * instant, which would make every recovered cart look active until the moment it became an order;
 * for a completed cart the line items' own times (the last item added or changed) are the
 * shopper's last activity, falling back to the cart's creation.
 */
function lastShopperActivity(c: MedusaCart): Date {
  if (!c.completed_at) return toDate(c.updated_at);
  const completed = toDate(c.completed_at).getTime();
  let last = toDate(c.created_at).getTime();
  for (const i of c.items ?? []) {
    for (const t of [i.created_at, i.updated_at]) {
      const ms = t ? toDate(t).getTime() : NaN;
      if (ms > last && ms <= completed) last = ms;
    }
  }
  return new Date(last);
}
