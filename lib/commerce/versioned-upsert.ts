import { getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db";

/** Stay well under Postgres' 65,535 bind parameters per statement. */
const MAX_PARAMS = 30_000;

export function batchSizeFor(table: PgTable): number {
  return Math.max(1, Math.floor(MAX_PARAMS / Object.keys(getTableColumns(table)).length));
}

export function chunk<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function excludedSet(table: PgTable, keep: string[]): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (keep.includes(key)) continue;
    set[key] = sql.raw(`excluded."${column.keyAsName ? toSnakeCase(key) : column.name}"`);
  }
  return set;
}

function withSyncedAt(table: PgTable, set: Record<string, SQL>): Record<string, SQL> {
  return "syncedAt" in getTableColumns(table) ? { ...set, syncedAt: sql`now()` } : set;
}

type VersionedTable = PgTable & { id: PgColumn; sourceUpdatedAt: PgColumn };

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
  const written: string[] = [];
  for (const part of chunk([...newest.values()], batchSizeFor(table))) {
    const result = await db
      .insert(table)
      .values(part as never)
      .onConflictDoUpdate({
        target: table.id,
        set: withSyncedAt(table, excludedSet(table, ["id"])) as never,
        setWhere: sql`${table.sourceUpdatedAt} <= excluded.source_updated_at`,
      })
      .returning({ id: table.id });
    for (const r of result as { id: string }[]) written.push(r.id);
  }
  return written;
}

/** Plain insert-or-replace for rows that carry no version of their own (children, links). */
export async function upsertPlain<T>(db: Db, table: PgTable, target: PgColumn[], rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  const keep = Object.entries(getTableColumns(table))
    .filter(([, c]) => target.includes(c))
    .map(([k]) => k);
  for (const part of chunk(rows, batchSizeFor(table))) {
    await db
      .insert(table)
      .values(part as never)
      .onConflictDoUpdate({ target, set: excludedSet(table, keep) as never });
  }
}

/** Deletes children of the given parents; used before re-inserting a written parent's children. */
export async function deleteChildren(db: Db, table: PgTable, parentColumn: PgColumn, parentIds: string[]) {
  for (const part of chunk(parentIds, 10_000)) {
    await db.delete(table).where(inArray(parentColumn, part));
  }
}
