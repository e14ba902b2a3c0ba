import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { countedOrder } from "@/lib/kpi/sql/fragments";
import type { JourneyWindow } from "./window";

/**
 * Purchase: checkout starts (beacon), counted orders placed in the window, and carts recovered
 * (from the KPI cart facts, so "recovered" means exactly what the dashboard means: abandoned on a
 * window day and bought within 7 days).
 */
export async function purchaseNumbers(db: Db, w: JourneyWindow) {
  const [row] = await queryRows<Record<string, number | string>>(
    db,
    sql`select
          (select count(*) from session_events
            where type = 'checkout_start'
              and occurred_at >= ${w.start.toISOString()} and occurred_at < ${w.end.toISOString()}) as checkouts,
          (select count(*) from orders
            where ${countedOrder(sql`status`)}
              and placed_at >= ${w.start.toISOString()} and placed_at < ${w.end.toISOString()}) as orders,
          (select coalesce(sum(total_paise), 0) from orders
            where ${countedOrder(sql`status`)}
              and placed_at >= ${w.start.toISOString()} and placed_at < ${w.end.toISOString()}) as revenue,
          (select count(*) from kpi_cart_facts
            where recovered and abandon_day between ${w.from} and ${w.to}) as recovered_carts,
          (select coalesce(sum(recovered_paise), 0) from kpi_cart_facts
            where recovered and abandon_day between ${w.from} and ${w.to}) as recovered_revenue`,
  );
  return {
    checkouts: Number(row?.checkouts ?? 0),
    orders: Number(row?.orders ?? 0),
    revenuePaise: Number(row?.revenue ?? 0),
    recoveredCarts: Number(row?.recovered_carts ?? 0),
    recoveredRevenuePaise: Number(row?.recovered_revenue ?? 0),
  };
}
