/*
 * Kosha forwarder: a Medusa v2 subscriber that posts Medusa events to Kosha's webhook receiver.
 * Copy this file to `src/subscribers/kosha-forwarder.ts` in your Medusa app, set
 * KOSHA_WEBHOOK_URL and KOSHA_WEBHOOK_SECRET, and restart Medusa. See README.md.
 *
 * Contract (Kosha's receiver, POST /api/webhooks/medusa):
 *   body    {"id": "<stable event id>", "name": "<event name>", "data": {...}, "occurred_at": "<ISO time>"}
 *   header  x-kosha-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `${t}.${raw body}`)>
 * A non-2xx answer throws, so Medusa's event bus can retry; Kosha dedupes retries by `id`.
 *
 * Self-contained on purpose (no imports beyond Node's crypto), so it works in any Medusa 2.x app.
 * The argument types mirror `SubscriberArgs` / `SubscriberConfig` from "@medusajs/framework".
 */
import { createHash, createHmac } from "node:crypto";

type MedusaEvent = { name: string; data: Record<string, unknown>; metadata?: Record<string, unknown> };
type Query = {
  graph(q: {
    entity: string;
    fields: string[];
    filters: Record<string, unknown>;
  }): Promise<{ data: unknown[] }>;
};
type Args = { event: MedusaEvent; container: { resolve(key: string): unknown } };

/** Keep in sync with MEDUSA_EVENT_NAMES in Kosha's lib/medusa/webhook/process.ts. */
const EVENTS = [
  "order.placed",
  "order.updated",
  "order.canceled",
  "order.completed",
  "order.archived",
  "order.fulfillment_created",
  "order.fulfillment_canceled",
  "order.return_requested",
  "order.return_received",
  "shipment.created",
  "delivery.created",
  "product.created",
  "product.updated",
  "product.deleted",
  "product-variant.created",
  "product-variant.updated",
  "product-variant.deleted",
  "inventory-level.created",
  "inventory-level.updated",
  "inventory-level.deleted",
  "reservation-item.created",
  "reservation-item.updated",
  "reservation-item.deleted",
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "customer-group.created",
  "customer-group.updated",
  "customer-group.deleted",
  "price-list.created",
  "price-list.updated",
  "cart.created",
  "cart.updated",
  "cart.customer_updated",
  "cart.region_updated",
];

const CART_FIELDS = [
  "id",
  "customer_id",
  "email",
  "sales_channel_id",
  "currency_code",
  "completed_at",
  "created_at",
  "updated_at",
  "items.*",
  "shipping_address.*",
  "billing_address.*",
];

/** JSON with sorted keys, so the same event always hashes to the same id. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(",")}]`;
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(obj[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Medusa events carry no id: derive one from what identifies this emission. */
export function koshaEventId(event: MedusaEvent): string {
  const createdAt = String(event.metadata?.created_at ?? "");
  return createHash("sha256")
    .update(`${event.name}\n${stable(event.data)}\n${createdAt}`)
    .digest("hex")
    .slice(0, 40);
}

/**
 * Adds what Kosha cannot read over the Admin API: the cart (no /admin/carts), a level's item, and
 * a shipment's or delivery's order.
 */
async function enrich(event: MedusaEvent, container: Args["container"]): Promise<Record<string, unknown>> {
  const data = { ...event.data };
  const id = typeof data.id === "string" ? data.id : undefined;
  if (!id) return data;
  try {
    const query = container.resolve("query") as Query;
    if (event.name.startsWith("cart.")) {
      const { data: carts } = await query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id } });
      if (carts[0]) data.cart = carts[0];
    } else if ((event.name === "shipment.created" || event.name === "delivery.created") && !data.order_id) {
      // These name the fulfillment; Kosha re-reads the order it belongs to (order ↔ fulfillment link).
      const { data: fulfillments } = await query.graph({
        entity: "fulfillment",
        fields: ["id", "order.id"],
        filters: { id },
      });
      const orderId = (fulfillments[0] as { order?: { id?: string } } | undefined)?.order?.id;
      if (orderId) data.order_id = orderId;
    } else if (event.name.startsWith("inventory-level.") && !data.inventory_item_id) {
      const { data: levels } = await query.graph({
        entity: "inventory_level",
        fields: ["id", "inventory_item_id"],
        filters: { id },
      });
      const itemId = (levels[0] as { inventory_item_id?: string } | undefined)?.inventory_item_id;
      if (itemId) data.inventory_item_id = itemId;
    }
  } catch {
    // Enrichment is a convenience: Kosha falls back to the Store API or a stock re-read.
  }
  return data;
}

export default async function koshaForwarder({ event, container }: Args): Promise<void> {
  const url = process.env.KOSHA_WEBHOOK_URL;
  const secret = process.env.KOSHA_WEBHOOK_SECRET;
  if (!url || !secret) {
    throw new Error(
      "kosha-forwarder: set KOSHA_WEBHOOK_URL and KOSHA_WEBHOOK_SECRET in Medusa's environment",
    );
  }
  const createdAt = event.metadata?.created_at;
  const body = JSON.stringify({
    id: koshaEventId(event),
    name: event.name,
    data: await enrich(event, container),
    occurred_at: new Date(
      typeof createdAt === "string" || createdAt instanceof Date ? createdAt : Date.now(),
    ).toISOString(),
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-kosha-signature": `t=${t},v1=${v1}` },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) {
    // Throwing makes the event bus retry (with Redis: per its jobOptions.attempts).
    throw new Error(
      `kosha-forwarder: ${event.name} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
    );
  }
}

export const config = {
  event: EVENTS,
  context: { subscriberId: "kosha-forwarder" },
};
