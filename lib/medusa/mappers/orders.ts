import type { OrderRecord } from "@/lib/commerce";
import { METADATA_KEYS as K, metaBool, metaString } from "../metadata";
import type { MedusaAddress, MedusaOrder } from "../schemas";
import { clean, paiseOrZero, toDate, toDateOrNull } from "./values";

/*
 * Medusa has no "COD" flag: the payment provider decides. Providers whose id says cod / cash on
 * delivery are COD, and so is Medusa's built-in manual provider (`pp_system_default`), which is
 * how a store without a COD plugin takes cash on delivery. Order metadata `payment_method`
 * ("cod" | "prepaid") overrides both.
 */
const COD_PROVIDER = /(^|[_\-.])(cod|cash[_-]?on[_-]?delivery|cash)([_\-.]|$)|^pp_system_default$/i;

export function paymentProviderIds(o: MedusaOrder): string[] {
  const ids = new Set<string>();
  for (const pc of o.payment_collections ?? []) {
    for (const p of pc.payments ?? []) ids.add(p.provider_id);
    for (const s of pc.payment_sessions ?? []) ids.add(s.provider_id);
    for (const p of pc.payment_providers ?? []) ids.add(p.id);
  }
  return [...ids];
}

export function paymentMethod(o: MedusaOrder): "cod" | "prepaid" {
  const override = metaString(o.metadata, K.order.paymentMethod)?.toLowerCase();
  if (override === "cod" || override === "prepaid") return override;
  const ids = paymentProviderIds(o);
  // Payments (captured or authorized) are what actually happened; sessions/providers are intent.
  const paid = (o.payment_collections ?? []).flatMap((pc) => (pc.payments ?? []).map((p) => p.provider_id));
  const decisive = paid.length > 0 ? paid : ids;
  return decisive.some((id) => COD_PROVIDER.test(id)) ? "cod" : "prepaid";
}

function addressKey(a: MedusaAddress | null | undefined): string {
  if (!a) return "";
  return [a.first_name, a.last_name, a.address_1, a.address_2, a.city, a.postal_code]
    .map((s) => (s ?? "").trim().toLowerCase().replace(/\s+/g, " "))
    .join("|");
}

function refundedPaise(o: MedusaOrder): number {
  let sum = 0;
  let seen = false;
  for (const pc of o.payment_collections ?? []) {
    if (pc.refunded_amount !== null && pc.refunded_amount !== undefined) {
      sum += paiseOrZero(pc.refunded_amount);
      seen = true;
    }
  }
  return seen ? sum : paiseOrZero(o.summary?.refunded_total);
}

/** When the order came back: the latest received return, else (flagged RTO) the order's update time. */
function returnedAt(o: MedusaOrder, isRto: boolean, returnedValue: number): Date | null {
  const received = (o.returns ?? [])
    .map((r) => toDateOrNull(r.received_at))
    .filter((d): d is Date => d !== null)
    .sort((a, b) => b.getTime() - a.getTime());
  if (received[0]) return received[0];
  return isRto || returnedValue > 0 ? toDate(o.updated_at) : null;
}

export function mapOrder(o: MedusaOrder): OrderRecord {
  const returnedValue = paiseOrZero(o.summary?.returned_total);
  const hasReceivedReturn = (o.returns ?? []).some((r) => r.received_at || r.status === "received");
  const isRto = metaBool(o.metadata, K.order.rto) || hasReceivedReturn || returnedValue > 0;
  const shipping = o.shipping_address;
  const billing = o.billing_address;
  return {
    id: o.id,
    displayId: o.display_id ?? null,
    customerId: o.customer_id ?? null,
    email: clean(o.email)?.toLowerCase() ?? null,
    status: o.status,
    paymentStatus: o.payment_status ?? "not_paid",
    fulfillmentStatus: o.fulfillment_status ?? "not_fulfilled",
    paymentMethod: paymentMethod(o),
    isRto,
    returnedAt: returnedAt(o, isRto, returnedValue),
    refundedPaise: refundedPaise(o),
    isGift: metaBool(o.metadata, K.order.isGift),
    giftNote: metaString(o.metadata, K.order.giftNote),
    currencyCode: o.currency_code.toLowerCase(),
    subtotalPaise: paiseOrZero(o.item_subtotal ?? o.subtotal),
    discountPaise: paiseOrZero(o.discount_total),
    shippingPaise: paiseOrZero(o.shipping_total),
    taxPaise: paiseOrZero(o.tax_total),
    totalPaise: paiseOrZero(o.total),
    placedAt: toDate(o.created_at),
    canceledAt: toDateOrNull(o.canceled_at) ?? (o.status === "canceled" ? toDate(o.updated_at) : null),
    salesChannelId: o.sales_channel_id ?? null,
    cartId: o.cart?.id ?? metaString(o.metadata, K.order.cartId),
    referralCode: metaString(o.metadata, K.order.referralCode)?.toUpperCase() ?? null,
    shippingCity: clean(shipping?.city),
    shippingPincode: clean(shipping?.postal_code),
    billingPincode: clean(billing?.postal_code),
    shipToDiffers: !!shipping && !!billing && addressKey(shipping) !== addressKey(billing),
    sourceUpdatedAt: toDate(o.updated_at),
    items: (o.items ?? []).map((i) => ({
      id: i.id,
      variantId: i.variant_id ?? null,
      productId: i.product_id ?? null,
      sku: i.variant_sku ?? null,
      title: i.product_title ?? i.title,
      quantity: i.quantity,
      unitPricePaise: paiseOrZero(i.unit_price),
      totalPaise:
        i.total !== null && i.total !== undefined
          ? paiseOrZero(i.total)
          : paiseOrZero(i.unit_price) * i.quantity,
    })),
  };
}
