import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";

/*
 * The synthetic store bench:kpi measures on, all in SQL (generate_series), deterministic via
 * setseed. Its own file so a profiling run can load the same store without the bench around it.
 */

export const FIRST_DAY = "2024-01-01";
export const SPAN_DAYS = 730;

export interface StoreSize {
  orders: number;
  sessions: number;
}

/** Fast synthetic store, all in SQL (generate_series), deterministic via setseed. */
export async function generateStore(
  db: Db,
  { orders: ORDERS, sessions: SESSIONS }: StoreSize,
  say: (m: string) => void,
) {
  const customers = Math.floor(ORDERS / 2.8);
  const start = `${FIRST_DAY}T00:00:00+05:30`;
  await db.execute(sql`select setseed(0.42)`);
  await db.execute(sql`insert into customer_groups (id, name, created_at, source_updated_at)
    values ('grp_w', 'Wholesale', now(), now())`);
  await db.execute(sql`insert into referral_codes (code, owner_name, channel, created_at) values
    ('PRIYA10', 'Priya', 'instagram', now()), ('MEERA', 'Meera', 'youtube', now()), ('RAJ5', 'Raj', 'influencer', now())`);
  await db.execute(sql`insert into customers (id, created_at, source_updated_at)
    select 'c' || i, now(), now() from generate_series(1, ${customers}) i`);
  await db.execute(sql`insert into customer_group_members (group_id, customer_id)
    select 'grp_w', 'c' || i from generate_series(1, ${customers}) i where i % 40 = 0`);
  say(`${customers} customers`);
  await db.execute(sql`insert into orders (id, customer_id, status, payment_status, fulfillment_status,
      payment_method, is_rto, returned_at, refunded_paise, is_gift, currency_code, subtotal_paise, total_paise,
      placed_at, cart_id, referral_code, source_updated_at)
    select 'o' || i, case when r1 < 0.04 then null else 'c' || (1 + floor(power(r2, 1.4) * ${customers}))::int end,
      case when r3 < 0.08 then 'canceled' else 'completed' end, 'captured', 'delivered',
      case when r3 < 0.5 then 'cod' else 'prepaid' end,
      r4 < 0.05, case when r4 < 0.12 then placed + (r5 * interval '20 days') end,
      case when r4 >= 0.05 and r4 < 0.12 then floor(total * r5)::bigint else 0 end,
      r5 < 0.05, 'inr', total, total, placed,
      case when r6 < 0.6 then 'k' || i end,
      case when r6 > 0.92 then (array['PRIYA10','MEERA','RAJ5','NOPE'])[1 + floor(r1 * 4)::int] end,
      now()
    from (select i, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6,
        ${start}::timestamptz + random() * interval '${sql.raw(String(SPAN_DAYS))} days' as placed,
        (50000 + floor(random() * 3000000))::bigint as total
      from generate_series(1, ${ORDERS}) i) g`);
  say(`${ORDERS} orders`);
  await db.execute(sql`insert into carts (id, customer_id, email, currency_code, created_at, last_activity_at, source_updated_at)
    select o.cart_id, o.customer_id, case when random() < 0.7 then 'x@kosha.test' end, 'inr', la, la, la
    from (select cart_id, customer_id, placed_at - random() * interval '9 days' * (case when random() < 0.5 then 0.01 else 1 end) as la
      from orders where cart_id is not null) o`);
  await db.execute(sql`insert into carts (id, customer_id, phone, currency_code, created_at, last_activity_at, source_updated_at)
    select 'kx' || i, null, case when random() < 0.6 then '+919800000000' end, 'inr', la, la, la
    from (select i, ${start}::timestamptz + random() * interval '${sql.raw(String(SPAN_DAYS))} days' as la
      from generate_series(1, ${Math.floor(ORDERS * 0.4)}) i) g`);
  await db.execute(sql`insert into cart_items (id, cart_id, title, quantity, unit_price_paise)
    select 'ki_' || id, id, 'Saree', 1, 150000 from carts`);
  say("carts");
  // Sessions: one per cart (its visitor), the rest spread over customers' visitors and anonymous ones.
  await db.execute(sql`insert into web_sessions (id, visitor_id, started_at, channel, cart_id, customer_id)
    select 's' || row_number() over (), 'v' || coalesce(c.customer_id, c.id), c.last_activity_at - random() * interval '30 minutes',
      (array['direct','direct','whatsapp','instagram','youtube','seo','paid','email','influencer','other'])[1 + floor(random() * 10)::int],
      c.id, null
    from carts c`);
  const cartSessions = Number(
    (await queryRows<{ n: string | number }>(db, sql`select count(*) as n from web_sessions`))[0]!.n,
  );
  const rest = Math.max(0, SESSIONS - cartSessions);
  await db.execute(sql`insert into web_sessions (id, visitor_id, started_at, channel, cart_id, customer_id)
    select 'sr' || i,
      case when r1 < 0.5 then 'vc' || (1 + floor(r2 * ${customers}))::int else 'va' || i end,
      ${start}::timestamptz + random() * interval '${sql.raw(String(SPAN_DAYS))} days',
      (array['direct','direct','whatsapp','instagram','youtube','seo','paid','email','influencer','facebook'])[1 + floor(random() * 10)::int],
      null, case when r1 < 0.1 then 'c' || (1 + floor(r2 * ${customers}))::int end
    from (select i, random() r1, random() r2 from generate_series(1, ${rest}) i) g`);
  say(`${cartSessions + rest} sessions`);
  await db.execute(sql`insert into ad_spend (day, channel, spend_paise, source)
    select (${FIRST_DAY}::date + d), ch, floor(random() * 5000000)::bigint, 'demo'
    from generate_series(0, ${SPAN_DAYS}) d, unnest(array['instagram','paid','youtube','whatsapp']) ch`);
  await db.execute(sql`vacuum analyze`);
  say("spend; vacuum analyze");
}
