import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { countedOrder, customerKey, istDayOf, orderChannel } from "../sql/fragments";
import { textList } from "../sql/ids";
import { wholesaleMember } from "../sql/segments";

/*
 * kpi_order_facts: one row per counted order with everything that depends on other rows
 * (attribution, new vs repeat, customer segments) decided once, so the daily cells are plain sums.
 */

function factsSelect(filter: SQL): SQL {
  const counted = countedOrder(sql`o.status`);
  return sql`select
      o.id,
      ${customerKey(sql`o.customer_id`, sql`o.id`)},
      o.placed_at,
      ${istDayOf(sql`o.placed_at`)},
      ${orderChannel({
        referralCode: sql`o.referral_code`,
        cartId: sql`o.cart_id`,
        customerId: sql`o.customer_id`,
        placedAt: sql`o.placed_at`,
      })},
      exists (select 1 from orders e where e.customer_id = o.customer_id
        and ${countedOrder(sql`e.status`)}
        and (e.placed_at < o.placed_at or (e.placed_at = o.placed_at and e.id < o.id))),
      ${wholesaleMember(sql`o.customer_id`)},
      (o.is_gift or exists (select 1 from orders g where g.customer_id = o.customer_id
        and g.is_gift and ${countedOrder(sql`g.status`)})),
      o.total_paise,
      case when o.is_rto then 0 else o.refunded_paise end,
      case when o.is_rto then o.total_paise else 0 end,
      ${istDayOf(sql`coalesce(o.returned_at, o.placed_at)`)}
    from orders o
    where ${counted} and ${filter}`;
}

const insertInto = sql`insert into kpi_order_facts (order_id, customer_key, placed_at, placed_day, channel,
  is_repeat, is_wholesale, is_gifting, gross_paise, refund_paise, returned_paise, deduct_day)`;

/** Days whose order cells the facts of these customers touch (placed and booking days). */
export async function orderFactDays(db: Db, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await queryRows<{ day: string }>(
    db,
    sql`select placed_day::text as day from kpi_order_facts where customer_key in ${textList(keys)}
        union select deduct_day::text from kpi_order_facts where customer_key in ${textList(keys)}`,
  );
  return rows.map((r) => r.day);
}

/** Replaces the facts of every order of these customer keys (customer ids or `guest:<order id>`). */
export async function refreshOrderFacts(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.execute(sql`delete from kpi_order_facts where customer_key in ${textList(keys)}`);
  const customerIds = keys.filter((k) => !k.startsWith("guest:"));
  const guestOrderIds = keys.filter((k) => k.startsWith("guest:")).map((k) => k.slice("guest:".length));
  if (customerIds.length > 0) {
    await db.execute(sql`${insertInto} ${factsSelect(sql`o.customer_id in ${textList(customerIds)}`)}`);
  }
  if (guestOrderIds.length > 0) {
    await db.execute(
      sql`${insertInto} ${factsSelect(sql`o.customer_id is null and o.id in ${textList(guestOrderIds)}`)}`,
    );
  }
}

/** Full rebuild step: facts for orders placed in [start, end). */
export async function insertOrderFactsPlacedBetween(db: Db, start: Date, end: Date): Promise<void> {
  await db.execute(
    sql`${insertInto} ${factsSelect(sql`o.placed_at >= ${start.toISOString()}::timestamptz and o.placed_at < ${end.toISOString()}::timestamptz`)}`,
  );
}

/** Customer keys whose facts an upsert of these orders can change (their new and old customers). */
export async function customerKeysOfOrders(db: Db, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await queryRows<{ key: string }>(
    db,
    sql`select ${customerKey(sql`customer_id`, sql`id`)} as key from orders where id in ${textList(orderIds)}
        union select customer_key from kpi_order_facts where order_id in ${textList(orderIds)}`,
  );
  return rows.map((r) => r.key);
}
