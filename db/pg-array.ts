/*
 * A Postgres array literal ('{"a","b",NULL}') for one column of a bulk write: cast it in SQL
 * (`${pgArray(xs)}::text[]`, `::timestamptz[]`, `::json[]`) and `unnest` several side by side.
 * One text parameter per column, so the statement text is the same for any row count (it stays
 * prepared: db/prepared-statements.ts), and Postgres parses plain arrays far faster than a JSON
 * document of records (jsonb_to_recordset spent ~30 µs a row on a 770-byte message row).
 * Every element is quoted, so commas, braces, spaces and the word NULL stay text; only a JS null
 * becomes SQL NULL.
 */
const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

export function pgArray(values: readonly (string | number | boolean | null | undefined)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const v = values[i];
    if (v === null || v === undefined) out += "NULL";
    else if (typeof v !== "string") out += `"${v}"`;
    // Most values (phones, keys, timestamps) need no escaping: test before copying.
    else out += NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, "\\$&")}"` : `"${v}"`;
  }
  return out + "}";
}

type Scalar = string | number | boolean | null | undefined;

/**
 * One column of a bulk write whose value is often the same in every row (a broadcast batch's
 * flow, category, template, timestamps): `list` is its array literal, or null when every row
 * holds `one`. Write it as `coalesce(u.col, ${c.one}::text::type)` over `unnest(${c.list}::type[], …)`:
 * a null array unnests as nulls beside the other columns, so the statement text never changes,
 * and Postgres parses one value instead of a thousand copies. A varying column keeps its nulls
 * (its `one` is null). At least one column of the unnest must always be a list: it sets the rows.
 */
export function pgColumn(values: readonly Scalar[]): { list: string | null; one: Scalar } {
  const first = values[0] ?? null;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] ?? null) !== first) return { list: pgArray(values), one: null };
  }
  return { list: null, one: first };
}
