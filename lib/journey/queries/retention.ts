import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { countedOrder, customerKey } from "@/lib/kpi/sql/fragments";
import type { JourneyWindow } from "./window";

/**
 * Retention: counted orders placed in the window by customers who had bought before (ever, ties by
 * (placed_at, id) as in lib/kpi/DEFINITIONS.md), and how many distinct customers placed them.
 */
export async function retentionNumbers(db: Db, w: JourneyWindow) {
  const key = customerKey(sql`o.customer_id`, sql`o.id`);
  const [row] = await queryRows<Record<string, number | string>>(
    db,
    sql`select count(*) as repeat_orders, count(distinct ${key}) as repeat_customers
        from orders o
        where ${countedOrder(sql`o.status`)}
          and o.placed_at >= ${w.start.toISOString()} and o.placed_at < ${w.end.toISOString()}
          and o.customer_id is not null
          and exists (
            select 1 from orders p
            where p.customer_id = o.customer_id and ${countedOrder(sql`p.status`)}
              and (p.placed_at, p.id) < (o.placed_at, o.id))`,
  );
  return {
    repeatOrders: Number(row?.repeat_orders ?? 0),
    repeatCustomers: Number(row?.repeat_customers ?? 0),
  };
}
