import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { textList } from "../sql/ids";

/*
 * kpi_customers: per customer key, from kpi_order_facts. Net revenue of an order here is its
 * total minus its refund/return whenever booked (lifetime value does not care about booking day).
 */

function customersSelect(filter: SQL): SQL {
  return sql`select f.customer_key,
      min(f.placed_at),
      min(f.placed_day),
      (array_agg(f.channel order by f.placed_at, f.order_id))[1],
      count(*),
      sum(f.gross_paise - f.refund_paise - f.returned_paise),
      sum(f.gross_paise - f.refund_paise - f.returned_paise) filter (where f.placed_at < first.at + interval '12 months'),
      bool_or(f.is_wholesale),
      bool_or(f.is_gifting)
    from kpi_order_facts f
    join (select f.customer_key, min(f.placed_at) as at from kpi_order_facts f where ${filter}
      group by f.customer_key) first
      on first.customer_key = f.customer_key
    where ${filter}
    group by f.customer_key`;
}

const insertInto = sql`insert into kpi_customers (customer_key, first_placed_at, first_day, acquisition_channel,
  orders, net_paise, net12m_paise, is_wholesale, is_gifting)`;

export async function customerFirstDays(db: Db, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await queryRows<{ day: string }>(
    db,
    sql`select distinct first_day::text as day from kpi_customers where customer_key in ${textList(keys)}`,
  );
  return rows.map((r) => r.day);
}

export async function refreshCustomers(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.execute(sql`delete from kpi_customers where customer_key in ${textList(keys)}`);
  await db.execute(sql`${insertInto} ${customersSelect(sql`f.customer_key in ${textList(keys)}`)}`);
}

export async function rebuildAllCustomers(db: Db): Promise<void> {
  await db.execute(sql`${insertInto} ${customersSelect(sql`true`)}`);
}
