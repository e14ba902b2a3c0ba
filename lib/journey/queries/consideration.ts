import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import type { JourneyWindow } from "./window";

/** Consideration: product views and add-to-carts the storefront beacon recorded in the window. */
export async function considerationNumbers(db: Db, w: JourneyWindow) {
  const [row] = await queryRows<Record<string, number | string>>(
    db,
    sql`select
          count(*) filter (where type = 'product_view') as product_views,
          count(distinct session_id) filter (where type = 'product_view') as sessions_viewing,
          count(*) filter (where type = 'add_to_cart') as add_to_carts,
          count(distinct session_id) filter (where type = 'add_to_cart') as sessions_adding
        from session_events
        where type in ('product_view', 'add_to_cart')
          and occurred_at >= ${w.start.toISOString()} and occurred_at < ${w.end.toISOString()}`,
  );
  return {
    productViews: Number(row?.product_views ?? 0),
    sessionsViewingProducts: Number(row?.sessions_viewing ?? 0),
    addToCarts: Number(row?.add_to_carts ?? 0),
    sessionsAddingToCart: Number(row?.sessions_adding ?? 0),
  };
}
