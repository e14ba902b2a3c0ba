import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";

/*
 * Recovered revenue. An order is credited to the last cart-recovery message that reached the
 * shopper before it (last touch) within ATTRIBUTION_WINDOW_DAYS: a message to the order's cart,
 * to its customer, or to the customer's phone. "Reached" means the message went out (sent,
 * delivered or read); a queued, skipped or failed one recovered nothing. The order's total
 * (paise) is stored on that message as converted_order_id / converted_paise.
 *
 * Why 7 days: a handloom saree or razai is a considered purchase (the shopper often asks family
 * first), so a day is too short; beyond a week other touches (ads, broadcasts, a friend) explain
 * the order better than our reminder. It is the same window the demo history uses.
 *
 * Idempotent: an order credited once is never credited again (also not to another message), a
 * message credits one order (the first), and canceled orders are not credited.
 */
export const ATTRIBUTION_WINDOW_DAYS = 7;

export interface Conversion {
  messageId: number;
  orderId: string;
  paise: number;
}

export async function attributeConversion(db: Db, orderId: string): Promise<Conversion | null> {
  // The poller and an Inngest run may credit the same order at once: one at a time per order.
  const rows = await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`wa-attribution:${orderId}`}))`);
    return queryRows<{ id: number | string; order_id: string; paise: number | string }>(
      tx,
      sql`with o as (
          select o.id, o.cart_id, o.customer_id, o.placed_at, o.total_paise,
                 nullif(regexp_replace(coalesce(cu.phone, ''), '[^0-9]', '', 'g'), '') as phone_digits
          from orders o left join customers cu on cu.id = o.customer_id
          where o.id = ${orderId} and o.status <> 'canceled'
            and not exists (select 1 from wa_messages c where c.converted_order_id = o.id)
        ), touch as (
          select m.id, o.id as order_id, o.total_paise
          from o join wa_messages m
            on m.flow = 'cart_recovery'
           and m.status in ('sent', 'delivered', 'read')
           and m.converted_order_id is null
           and m.sent_at <= o.placed_at
           and m.sent_at > o.placed_at - make_interval(days => ${ATTRIBUTION_WINDOW_DAYS})
           and (m.cart_id = o.cart_id or m.customer_id = o.customer_id
                or m.phone = o.phone_digits
                or (length(o.phone_digits) = 10 and m.phone = '91' || o.phone_digits))
          order by m.sent_at desc, m.id desc
          limit 1
        )
        update wa_messages m set converted_order_id = touch.order_id, converted_paise = touch.total_paise
        from touch where m.id = touch.id and m.converted_order_id is null
        returning m.id, m.converted_order_id as order_id, m.converted_paise as paise`,
    );
  });
  const r = rows[0];
  return r ? { messageId: Number(r.id), orderId: r.order_id, paise: Number(r.paise) } : null;
}
