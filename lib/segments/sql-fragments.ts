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

/**
 * Which customers a segment statement works on: everyone, a list (an order event), or one of the
 * hash partitions a full run is split into so its parts can run side by side (recompute.ts).
 */
export type Scope =
  | { kind: "all" }
  | { kind: "customers"; ids: readonly string[] }
  | { kind: "partition"; index: number; of: number };

/** Everyone, or one partition: the statements that work on the whole population at once. */
export const isBulk = (scope: Scope) => scope.kind !== "customers";

/** The partition a customer id falls in (the same expression in every statement and lock). */
export const partitionOf = (column: SQL, of: number) => sql`(abs(hashtext(${column})) % ${of})::int`;

/** The scope as a predicate on a customer id column. */
export function inScope(column: SQL, scope: Scope): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.kind === "partition") return sql`${partitionOf(column, scope.of)} = ${scope.index}`;
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(scope.ids)}::jsonb))`;
}

export const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The start of the RFM window: the same instant `months` calendar months earlier (UTC). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}
