import { sql, type SQL } from "drizzle-orm";

/*
 * Segment membership, in one place. To add a segment: add its name to SEGMENTS (channels.ts),
 * a fact column if the mirror cannot answer it per row (db/schema/kpi.ts), and a line here;
 * rollups, the `segment=` filter and LTV pick it up.
 */

/** Segments an order adds to in kpi_daily_orders (alias `f` = kpi_order_facts). */
export const orderSegments: SQL = sql`array_remove(array[
  'all',
  case when f.is_repeat then 'repeat' else 'new' end,
  case when f.is_wholesale then 'wholesale' end,
  case when f.is_gifting then 'gifting' end
]::text[], null)`;

/** Segments a customer belongs to for LTV (alias `c` = kpi_customers). */
export const customerSegments: SQL = sql`array_remove(array[
  'all',
  case when c.orders >= 2 then 'repeat' else 'new' end,
  case when c.is_wholesale then 'wholesale' end,
  case when c.is_gifting then 'gifting' end
]::text[], null)`;

/** A customer group whose name says wholesale ("Wholesale", "Wholesale – Jaipur", ...). */
export function wholesaleMember(customerId: SQL): SQL {
  return sql`exists (select 1 from customer_group_members m
    join customer_groups g on g.id = m.group_id
    where m.customer_id = ${customerId} and g.deleted_at is null and g.name ilike '%wholesale%')`;
}
