import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { ABANDON_AFTER, countedOrder, istDayOf, lastTouchChannel, RECOVERY_WITHIN } from "../sql/fragments";
import { textList } from "../sql/ids";

/*
 * kpi_cart_facts: one row per abandoned cart. A cart is abandoned when it has items and a contact
 * and no order (even one later canceled: the shopper did check out) was placed from it up to
 * 60 minutes after its last activity; it is recovered by a counted order from it placed after
 * that and at most 7 days later.
 */

function cartFactsSelect(filter: SQL): SQL {
  const abandonAt = sql`(c.last_activity_at + ${ABANDON_AFTER})`;
  return sql`select c.id,
      ${istDayOf(abandonAt)},
      coalesce(${lastTouchChannel({ cartId: sql`c.id`, customerId: sql`c.customer_id`, at: sql`c.last_activity_at` })}, 'direct'),
      r.orders > 0,
      coalesce(r.paise, 0)
    from carts c
    cross join lateral (
      select count(*) as orders, sum(o.total_paise) as paise from orders o
      where o.cart_id = c.id and ${countedOrder(sql`o.status`)}
        and o.placed_at > ${abandonAt} and o.placed_at <= ${abandonAt} + ${RECOVERY_WITHIN}) r
    where ${filter}
      and (nullif(c.email, '') is not null or nullif(c.phone, '') is not null)
      and exists (select 1 from cart_items ci where ci.cart_id = c.id and ci.quantity > 0)
      and not exists (select 1 from orders o where o.cart_id = c.id and o.placed_at <= ${abandonAt})`;
}

const insertInto = sql`insert into kpi_cart_facts (cart_id, abandon_day, channel, recovered, recovered_paise)`;

export async function cartFactDays(db: Db, cartIds: string[]): Promise<string[]> {
  if (cartIds.length === 0) return [];
  const rows = await queryRows<{ day: string }>(
    db,
    sql`select distinct abandon_day::text as day from kpi_cart_facts where cart_id in ${textList(cartIds)}`,
  );
  return rows.map((r) => r.day);
}

export async function refreshCartFacts(db: Db, cartIds: string[]): Promise<void> {
  if (cartIds.length === 0) return;
  await db.execute(sql`delete from kpi_cart_facts where cart_id in ${textList(cartIds)}`);
  await db.execute(sql`${insertInto} ${cartFactsSelect(sql`c.id in ${textList(cartIds)}`)}`);
}

/** Full rebuild step: carts whose last activity is in [start, end). */
export async function insertCartFactsActiveBetween(db: Db, start: Date, end: Date): Promise<void> {
  await db.execute(
    sql`${insertInto} ${cartFactsSelect(sql`c.last_activity_at >= ${start.toISOString()}::timestamptz and c.last_activity_at < ${end.toISOString()}::timestamptz`)}`,
  );
}
