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
    lastActivityAt: toDate(c.updated_at),
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
