import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import type { MessageDraft } from "../outbox/types";
import type { WaPhone } from "../phone";
import type { WhatsAppSettings } from "../settings";
import type { WaInboundMessage } from "./envelope";

/*
 * The customer's answer to the cash-on-delivery prompt (lib/whatsapp/flows/order-updates.ts sends
 * buttons with payloads `cod_confirm:<order>` / `cod_pay_online:<order>`). The first answer per
 * order is kept in wa_cod_answers; each tap gets a service reply inside the window it opened:
 * a thank-you, or the link to pay online. Keyed by the inbound wamid, so a re-delivery replies once.
 */
export type CodAnswer = { orderId: string; answer: "confirm" | "pay_online" };

const PAYLOAD = /^cod_(confirm|pay_online):(.+)$/;

/** The COD answer a tapped button carries, if any (template quick reply or interactive reply). */
export function codAnswer(m: WaInboundMessage): CodAnswer | null {
  const raw =
    m.type === "button"
      ? m.button?.payload
      : m.type === "interactive"
        ? m.interactive?.button_reply?.id
        : undefined;
  const match = raw ? PAYLOAD.exec(raw) : null;
  if (!match) return null;
  return { answer: match[1] as CodAnswer["answer"], orderId: match[2]! };
}

export const codReplyKey = (inboundWamid: string) => `reply:cod:${inboundWamid}`;

/**
 * Records the answer (first one per order stands) and builds the reply. Null when the order is
 * not in the mirror: the event is kept as noted, nothing is promised.
 */
export async function recordCodAnswer(
  db: Db,
  phone: WaPhone,
  m: WaInboundMessage,
  a: CodAnswer,
  at: Date,
  settings: WhatsAppSettings,
): Promise<MessageDraft | null> {
  const [order] = await queryRows<{ id: string; display_id: number | null; customer_id: string | null }>(
    db,
    sql`select id, display_id, customer_id from orders where id = ${a.orderId}`,
  );
  if (!order) return null;
  await db.execute(
    sql`insert into wa_cod_answers (order_id, answer, phone, wamid, at)
        values (${a.orderId}, ${a.answer}, ${phone}, ${m.id}, ${at.toISOString()}::timestamptz)
        on conflict (order_id) do nothing`,
  );
  const ref = order.display_id ? `#${order.display_id}` : order.id;
  const pay = new URL(`/account/orders/${encodeURIComponent(order.id)}/pay`, settings.storefrontUrl);
  pay.searchParams.set("utm_source", "whatsapp");
  pay.searchParams.set("utm_medium", "order_update");
  pay.searchParams.set("utm_campaign", "cod_to_prepaid");
  const body =
    a.answer === "confirm"
      ? `Thank you! Order ${ref} is confirmed for cash on delivery. We'll message you when it ships.`
      : `Here is the secure link to pay for order ${ref} online (no COD fee): ${pay.toString()}`;
  return {
    idempotencyKey: codReplyKey(m.id),
    phone,
    customerId: order.customer_id,
    category: "service",
    flow: "reply",
    orderId: order.id,
    message: { type: "text", text: { body, preview_url: a.answer === "pay_online" } },
  };
}
