import { getTableColumns, getTableName, is, sql, SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db";

/*
 * Rows travel to the database as ONE json parameter per statement and are unpacked there with
 * json_to_recordset, instead of one bind parameter per cell. Building and parsing a
 * 30,000-parameter VALUES list dominated bulk loads (the Admin API backfill, the demo seeder);
 * a JSON document is serialised by V8 and parsed by Postgres many times faster, and it works
 * the same on PGlite and postgres.js. Semantics are unchanged: an undefined cell takes the
 * column default, null stays null (a null on a NOT NULL column with a default takes the default
 * instead of failing the batch).
 */

/** Rows per statement: large enough to amortise the round trip, small enough to keep JSON modest. */
const ROWS_PER_STATEMENT = 5_000;

/** Kept for callers that size their own batches; rows per statement is no longer bound by parameters. */
export function batchSizeFor(_table: PgTable): number {
  return ROWS_PER_STATEMENT;
}

export function chunk<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

interface ColumnPlan {
  key: string;
  name: string;
  column: PgColumn;
  /** What the database fills in for a missing cell: a SQL default, or a fixed default as a literal. */
  fill: SQL | undefined;
  /** Defaults that must be computed per row in JS (`$defaultFn`, or a default on a nullable column). */
  perRow: (() => unknown) | undefined;
}

const plans = new WeakMap<PgTable, ColumnPlan[]>();

function literal(value: unknown, sqlType: string): SQL {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return sql.raw(`'${text.replace(/'/g, "''")}'::${sqlType}`);
}

function columnPlan(table: PgTable): ColumnPlan[] {
  let plan = plans.get(table);
  if (!plan) {
    plan = Object.entries(getTableColumns(table)).map(([key, c]) => {
      const column = c as PgColumn;
      const name = column.keyAsName ? toSnakeCase(key) : column.name;
      const fixed = column.default;
      const sqlDefault =
        fixed === undefined ? undefined : is(fixed, SQL) ? fixed : literal(fixed, column.getSQLType());
      // On a NOT NULL column a null can only mean "not given", so the database may fill it; on a
      // nullable one an explicit null must survive, so the default is applied per row instead.
      const perRow =
        column.defaultFn ??
        (!column.notNull && fixed !== undefined && !is(fixed, SQL) ? () => fixed : undefined);
      return {
        key,
        name,
        column,
        fill: column.notNull && !column.defaultFn ? sqlDefault : undefined,
        perRow,
      };
    });
    plans.set(table, plan);
  }
  return plan;
}

/**
 * The rows as JSON, keyed by their own (camelCase) property names: JSON.stringify on the rows as
 * given is 2.5x cheaper than building a snake_case copy of every row first. Only tables with
 * per-row defaults get a shallow copy.
 */
function rowsJson(plan: ColumnPlan[], rows: readonly object[]): string {
  const perRow = plan.filter((p) => p.perRow);
  if (perRow.length === 0) return JSON.stringify(rows);
  return JSON.stringify(
    rows.map((row) => {
      const r = row as Record<string, unknown>;
      if (perRow.every((p) => r[p.key] !== undefined)) return r;
      const copy = { ...r };
      for (const p of perRow) if (copy[p.key] === undefined) copy[p.key] = p.perRow!();
      return copy;
    }),
  );
}

/**
 * `insert into t (cols) select ... from json_to_recordset($1) as r("key" type, ...)`: Postgres
 * unpacks the rows, a missing key reads as null, and NOT NULL columns take their default.
 */
function insertFromJson(table: PgTable, plan: ColumnPlan[], json: string): SQL {
  const cols = sql.join(
    plan.map((p) => sql.identifier(p.name)),
    sql`, `,
  );
  const selects = sql.join(
    plan.map((p) =>
      p.fill ? sql`coalesce(r.${sql.identifier(p.key)}, ${p.fill})` : sql`r.${sql.identifier(p.key)}`,
    ),
    sql`, `,
  );
  const shape = sql.join(
    plan.map((p) => sql`${sql.identifier(p.key)} ${sql.raw(p.column.getSQLType())}`),
    sql`, `,
  );
  const t = sql.identifier(getTableName(table));
  return sql`insert into ${t} (${cols}) select ${selects} from json_to_recordset(${json}::json) as r(${shape})`;
}

function updateSet(plan: ColumnPlan[], keep: string[]): SQL {
  const parts = plan
    .filter((p) => !keep.includes(p.key))
    .map((p) =>
      p.key === "syncedAt"
        ? sql`${sql.identifier(p.name)} = now()`
        : sql`${sql.identifier(p.name)} = excluded.${sql.identifier(p.name)}`,
    );
  return sql.join(parts, sql`, `);
}

type VersionedTable = PgTable & { id: PgColumn; sourceUpdatedAt: PgColumn };

async function returnedIds(db: Db, query: SQL): Promise<string[]> {
  const result = (await db.execute(query)) as unknown;
  const rows = (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as {
    id: string;
  }[];
  return rows.map((r) => r.id);
}

/**
 * Inserts rows or replaces existing ones, but only where the incoming version is not older than
 * the stored one (by sourceUpdatedAt), so a late-arriving stale event never undoes a newer write.
 * Returns the ids actually written, so callers replace child rows only for those.
 */
export async function upsertVersioned<T extends { id: string }>(
  db: Db,
  table: VersionedTable,
  rows: T[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  // Within one batch the newest version of a record wins, as it would across batches.
  const newest = new Map<string, T>();
  for (const row of rows) {
    const prev = newest.get(row.id) as (T & { sourceUpdatedAt?: Date }) | undefined;
    const cur = row as T & { sourceUpdatedAt?: Date };
    if (!prev || (prev.sourceUpdatedAt?.getTime() ?? 0) <= (cur.sourceUpdatedAt?.getTime() ?? 0)) {
      newest.set(row.id, row);
    }
  }
  const plan = columnPlan(table);
  const set = updateSet(plan, ["id"]);
  const t = sql.identifier(getTableName(table));
  const written: string[] = [];
  for (const part of chunk([...newest.values()], ROWS_PER_STATEMENT)) {
    const query = sql`${insertFromJson(table, plan, rowsJson(plan, part))}
      on conflict ("id") do update set ${set}
      where ${t}."source_updated_at" <= excluded."source_updated_at"
      returning ${t}."id" as id`;
    written.push(...(await returnedIds(db, query)));
  }
  return written;
}

/** Plain insert-or-replace for rows that carry no version of their own (children, links). */
export async function upsertPlain<T>(db: Db, table: PgTable, target: PgColumn[], rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  const plan = columnPlan(table);
  const keep = plan.filter((p) => target.includes(p.column)).map((p) => p.key);
  const conflict = sql.join(
    plan.filter((p) => keep.includes(p.key)).map((p) => sql.identifier(p.name)),
    sql`, `,
  );
  const rest = plan.filter((p) => !keep.includes(p.key));
  const onConflict = rest.length > 0 ? sql`do update set ${updateSet(plan, keep)}` : sql`do nothing`;
  for (const part of chunk(rows as object[], ROWS_PER_STATEMENT)) {
    await db.execute(
      sql`${insertFromJson(table, plan, rowsJson(plan, part))} on conflict (${conflict}) ${onConflict}`,
    );
  }
}

/**
 * Deletes children of the given parents; used before re-inserting a written parent's children.
 * The ids go as one JSON parameter, unpacked into an array so the planner probes the parent
 * index (`= any(array(...))`); as an `in (subquery)` it chose a sequential scan of the whole
 * child table for every batch, which made bulk loads quadratic.
 */
export async function deleteChildren(db: Db, table: PgTable, parentColumn: PgColumn, parentIds: string[]) {
  for (const part of chunk(parentIds, 50_000)) {
    await db
      .delete(table)
      .where(
        sql`${parentColumn} = any(array(select json_array_elements_text(${JSON.stringify(part)}::json)))`,
      );
  }
}
