import { sql, type SQL } from "drizzle-orm";

/*
 * Id and day lists go to SQL as ONE json parameter, not one bind parameter each, so a seeder can
 * hand over 100k ids without hitting Postgres' 65,535-parameter limit.
 */
export function textList(values: readonly string[]): SQL {
  return sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

export function dayList(days: readonly string[]): SQL {
  return sql`(select jsonb_array_elements_text(${JSON.stringify(days)}::jsonb)::date)`;
}
