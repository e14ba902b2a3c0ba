import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";

/** The customers whose segments a mirror change can move: the buyers of changed orders, or the customers themselves. */
export async function customersAffectedBy(
  db: Db,
  change: { kind: string; ids: readonly string[] },
): Promise<string[]> {
  if (change.ids.length === 0) return [];
  if (change.kind === "customer") return [...new Set(change.ids)].sort();
  if (change.kind !== "order") return [];
  const rows = await queryRows<{ customer_id: string }>(
    db,
    sql`select distinct customer_id from orders
         where customer_id is not null and id in (select jsonb_array_elements_text(${JSON.stringify(change.ids)}::jsonb))`,
  );
  return rows.map((r) => r.customer_id).sort();
}
