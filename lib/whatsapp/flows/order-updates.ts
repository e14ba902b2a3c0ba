import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { subscriberStates, windowOpen } from "../consent";
import {
  currencyParameter,
  templateMessage,
  type MessageCategory,
  type OutboundMessage,
  type TemplateMessage,
} from "../messages";
import { enqueueMessages } from "../outbox/enqueue";
import type { MessageDraft } from "../outbox/types";
import { normalizePhone } from "../phone";
import { readWhatsAppSettings } from "../settings";
import { attributeConversion, type Conversion } from "./attribution";
import type { FlowDeps } from "./cart-recovery";
import type { FlowStepOutcome } from "./outcome";

/*
 * Order updates: utility templates as an order moves — placed, shipped (with the carrier's
 * tracking when known), delivered — and, for cash on delivery, a prompt to confirm the order or
 * pay online before it is dispatched (unconfirmed COD is where returns-to-origin come from).
 * orderUpdates looks at the order as the mirror has it now and queues every update that is due
 * and not yet decided, each under `order_update:<orderId>:<step>`, so it can be called on every
 * order change, by the Inngest function and the in-process poller alike. It also credits the
 * order to a cart-recovery message (attribution.ts).
 *
 * Freshness: the mirror also receives history (a sync, a late webhook); an update older than
 * FRESH_MS is not news any more and is not sent.
 */

export const ORDER_UPDATE_STEPS = ["placed", "cod_confirm", "shipped", "delivered"] as const;
export type OrderUpdateStep = (typeof ORDER_UPDATE_STEPS)[number];

export const FRESH_MS = 3 * 24 * 60 * 60 * 1000;

export const orderUpdateKey = (orderId: string, step: OrderUpdateStep) => `order_update:${orderId}:${step}`;

const SHIPPED = new Set(["shipped", "partially_shipped"]);
const DELIVERED = new Set(["delivered"]);
/** COD can still be confirmed or switched to prepaid only before anything left the warehouse. */
const BEFORE_DISPATCH = new Set(["not_fulfilled"]);

export interface Tracking {
  number?: string;
  url?: string;
}

export interface OrderSnapshot {
  id: string;
  displayId: number | null;
  customerId: string | null;
  phone: string | null;
  name: string | null;
  status: string;
  fulfillmentStatus: string;
  paymentMethod: string;
  totalPaise: number;
  placedAt: Date;
  updatedAt: Date;
}

export async function readOrder(db: Db, orderId: string): Promise<OrderSnapshot | null> {
  const [o] = await queryRows<{
    id: string;
    display_id: number | null;
    customer_id: string | null;
    phone: string | null;
    first_name: string | null;
    status: string;
    fulfillment_status: string;
    payment_method: string;
    total_paise: number | string;
    placed_at: Date | string;
    source_updated_at: Date | string;
  }>(
    db,
    sql`select o.id, o.display_id, o.customer_id, cu.phone, cu.first_name, o.status, o.fulfillment_status,
               o.payment_method, o.total_paise, o.placed_at, o.source_updated_at
        from orders o left join customers cu on cu.id = o.customer_id
        where o.id = ${orderId}`,
  );
  if (!o) return null;
  return {
    id: o.id,
    displayId: o.display_id,
    customerId: o.customer_id,
    phone: normalizePhone(o.phone),
    name: o.first_name,
    status: o.status,
    fulfillmentStatus: o.fulfillment_status,
    paymentMethod: o.payment_method,
    totalPaise: Number(o.total_paise),
    placedAt: new Date(o.placed_at),
    updatedAt: new Date(o.source_updated_at),
  };
}

/** Which updates the order's current state calls for (before consent, budget and keys). */
export function dueOrderSteps(o: OrderSnapshot, now: Date): OrderUpdateStep[] {
  if (o.status === "canceled") return [];
  const placedFresh = now.getTime() - o.placedAt.getTime() <= FRESH_MS;
  const changeFresh = now.getTime() - o.updatedAt.getTime() <= FRESH_MS;
  const steps: OrderUpdateStep[] = [];
  if (placedFresh) steps.push("placed");
  if (placedFresh && o.paymentMethod === "cod" && BEFORE_DISPATCH.has(o.fulfillmentStatus)) {
    steps.push("cod_confirm");
  }
  // A delivered order whose shipping we never saw gets the delivery message only.
  if (changeFresh && SHIPPED.has(o.fulfillmentStatus)) steps.push("shipped");
  if (changeFresh && DELIVERED.has(o.fulfillmentStatus)) steps.push("delivered");
  return steps;
}

/** The category Meta approved the template under (Meta re-categorises), else the flow's default. */
async function templateCategories(
  db: Db,
  names: string[],
  language: string,
): Promise<Map<string, MessageCategory>> {
  if (names.length === 0) return new Map();
  const rows = await queryRows<{ name: string; category: string }>(
    db,
    sql`select name, category from wa_templates where language = ${language}
          and name = any(array(select jsonb_array_elements_text(${JSON.stringify(names)}::jsonb)))`,
  );
  const out = new Map<string, MessageCategory>();
  for (const r of rows) {
    const c = r.category.toLowerCase();
    if (c === "marketing" || c === "utility" || c === "authentication") out.set(r.name, c);
  }
  return out;
}

export const codPayloads = (orderId: string) => ({
  confirm: `cod_confirm:${orderId}`,
  payOnline: `cod_pay_online:${orderId}`,
});

function trackingText(o: OrderSnapshot, storefrontUrl: string, tracking?: Tracking): string {
  if (tracking?.url && tracking.number) return `${tracking.url} (AWB ${tracking.number})`;
  if (tracking?.url) return tracking.url;
  if (tracking?.number) return `AWB ${tracking.number}`;
  return new URL(`/account/orders/${encodeURIComponent(o.id)}`, storefrontUrl).toString();
}

export interface OrderUpdatesResult {
  orderId: string;
  conversion: Conversion | null;
  steps: FlowStepOutcome[];
}

export async function orderUpdates(
  db: Db,
  orderId: string,
  deps: FlowDeps & { tracking?: Tracking },
): Promise<OrderUpdatesResult> {
  const conversion = await attributeConversion(db, orderId);
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const result: OrderUpdatesResult = { orderId, conversion, steps: [] };
  const exit = (reason: string) => {
    result.steps.push({ key: `order_update:${orderId}`, outcome: "exit", reason });
    return result;
  };
  if (!settings.flows.orderUpdates.enabled) return exit("order updates are switched off");
  const order = await readOrder(db, orderId);
  if (!order) return exit("order not in the mirror");
  if (!order.phone) return exit("no phone on the order's customer");
  const now = deps.clock.now();
  const due = dueOrderSteps(order, now);
  if (due.length === 0) return exit(order.status === "canceled" ? "order canceled" : "nothing due");

  // Steps already decided are not rebuilt (their key would make them duplicates anyway).
  const keys = due.map((s) => orderUpdateKey(order.id, s));
  const decided = new Map(
    (
      await queryRows<{ idempotency_key: string; id: number | string; status: string }>(
        db,
        sql`select idempotency_key, id, status from wa_messages
            where idempotency_key = any(array(select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)))`,
      )
    ).map((r) => [r.idempotency_key, { id: Number(r.id), status: r.status }]),
  );

  const t = settings.flows.orderUpdates;
  const lang = settings.templateLanguage;
  const ref = String(order.displayId ?? order.id);
  const name = order.name?.trim() || "there";
  const templateOf: Record<OrderUpdateStep, string> = {
    placed: t.placedTemplate,
    cod_confirm: t.codConfirmTemplate,
    shipped: t.shippedTemplate,
    delivered: t.deliveredTemplate,
  };
  const categories = await templateCategories(db, [...new Set(Object.values(templateOf))], lang);
  const inWindow = windowOpen((await subscriberStates(db, [order.phone])).get(order.phone), now);

  const drafts: MessageDraft[] = [];
  for (const step of due) {
    const key = orderUpdateKey(order.id, step);
    const known = decided.get(key);
    if (known) {
      result.steps.push({ key, outcome: "duplicate", id: known.id, status: known.status });
      continue;
    }
    let message: OutboundMessage;
    if (step === "placed") {
      message = templateMessage(t.placedTemplate, lang, [name, ref, { paise: order.totalPaise }]);
    } else if (step === "shipped") {
      message = templateMessage(t.shippedTemplate, lang, [
        ref,
        trackingText(order, settings.storefrontUrl, deps.tracking),
      ]);
    } else if (step === "delivered") {
      message = templateMessage(t.deliveredTemplate, lang, [ref]);
    } else {
      message = codPrompt(order, ref, t.codConfirmTemplate, lang, inWindow);
    }
    drafts.push({
      idempotencyKey: key,
      phone: order.phone,
      customerId: order.customerId,
      category: categories.get(templateOf[step]) ?? "utility",
      flow: "order_update",
      message,
      orderId: order.id,
    });
  }
  if (drafts.length > 0) {
    result.steps.push(...(await enqueueMessages(db, drafts, { clock: deps.clock, settings })));
  }
  return result;
}

/**
 * Confirm or pay online: inside the service window a free interactive message with two reply
 * buttons; outside it the approved template with the same two quick replies (payloads carry the
 * order id, so the inbound reply can act on the right order).
 */
function codPrompt(
  o: OrderSnapshot,
  ref: string,
  template: string,
  language: string,
  inWindow: boolean,
): OutboundMessage {
  const p = codPayloads(o.id);
  if (inWindow) {
    const amount = currencyParameter(o.totalPaise).currency.fallback_value;
    return {
      type: "interactive",
      interactive: {
        type: "button",
        body: {
          text: `Please confirm your cash-on-delivery order #${ref} of ${amount}, or pay online now and skip the COD fee.`,
        },
        action: {
          buttons: [
            { type: "reply", reply: { id: p.confirm, title: "Confirm COD" } },
            { type: "reply", reply: { id: p.payOnline, title: "Pay online" } },
          ],
        },
      },
    };
  }
  const base: TemplateMessage = templateMessage(template, language, [ref, { paise: o.totalPaise }]);
  base.template.components.push(
    {
      type: "button",
      sub_type: "quick_reply",
      index: "0",
      parameters: [{ type: "payload", payload: p.confirm }],
    },
    {
      type: "button",
      sub_type: "quick_reply",
      index: "1",
      parameters: [{ type: "payload", payload: p.payOnline }],
    },
  );
  return base;
}
