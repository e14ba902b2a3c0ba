import { sql, type SQL } from "drizzle-orm";

/*
 * Fragments shared by the segment statements, so "counted", "IST day" and "this set of customers"
 * are written once.
 */

/** Counted orders: not canceled, and tied to a customer (guest orders cannot join a group). */
export const countedOrder = (alias: string) =>
  sql.raw(`${alias}.status <> 'canceled' and ${alias}.customer_id is not null`);

/** The Asia/Kolkata calendar day of a timestamptz (fixed +05:30; no tz database needed). */
export const istDayOf = (expr: SQL) => sql`((${expr} at time zone 'UTC') + interval '330 minutes')::date`;

/** `column in (targets)`, or true for a full recompute. */
export function inTargets(column: SQL, targets: readonly string[] | null): SQL {
  if (targets === null) return sql`true`;
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(targets)}::jsonb))`;
}

export const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The start of the RFM window: the same instant `months` calendar months earlier (UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}
