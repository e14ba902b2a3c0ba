import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { countedOrder } from "@/lib/kpi/sql/fragments";
import type { JourneyWindow } from "./window";

/**
 * Advocacy: counted orders placed in the window with a referral code (someone recommended us).
 * Reviews are not mirrored yet, so they are reported as not measured (null), never as zero.
 */
export async function advocacyNumbers(db: Db, w: JourneyWindow) {
  const [row] = await queryRows<Record<string, number | string>>(
    db,
    sql`select count(*) as orders, coalesce(sum(total_paise), 0) as revenue,
               count(distinct referral_code) as codes
        from orders
        where ${countedOrder(sql`status`)} and referral_code is not null and referral_code <> ''
          and placed_at >= ${w.start.toISOString()} and placed_at < ${w.end.toISOString()}`,
  );
  return {
    referralOrders: Number(row?.orders ?? 0),
    referralRevenuePaise: Number(row?.revenue ?? 0),
    referralCodesUsed: Number(row?.codes ?? 0),
    reviews: null as number | null,
  };
}
