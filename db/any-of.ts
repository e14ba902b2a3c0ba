import { sql } from "drizzle-orm";

/*
 * `= any(array(...))` over a JSON list: one parameter however long the list, so the statement's
 * text is the same for every list (and can stay prepared: db/prepared-statements.ts), and a plan
 * that probes the column's index. (`in (select jsonb_array_elements_text(...))` lets the planner
 * rescan the list per table row when statistics are stale, e.g. right after a bulk insert; a
 * drizzle `inArray` writes one parameter per value, a new statement text per list length.)
 */
export const anyOf = (values: readonly string[]) =>
  sql`any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)))`;

/** The same for numeric ids (bigint columns). */
export const anyId = (ids: readonly number[]) =>
  sql`any(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::bigint))`;
