import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { queryRows, type DbHandle } from "./client";

export const migrationsFolder = path.resolve(
  /*turbopackIgnore: true*/ process.env.KOSHA_MIGRATIONS_DIR ??
    path.join(/*turbopackIgnore: true*/ process.cwd(), "db/migrations"),
);

/** Applies the committed drizzle-kit migrations; the same files serve PGlite and Postgres. */
export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.engine === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePostgres(handle.db as unknown as PostgresJsDatabase, { migrationsFolder });
  }
}

export interface MigrationStatus {
  applied: number;
  expected: number;
  current: boolean;
}

export async function migrationStatus(handle: DbHandle): Promise<MigrationStatus> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  let applied = 0;
  try {
    const rows = await queryRows<{ n: string | number }>(
      handle.db,
      sql`select count(*) as n from drizzle.__drizzle_migrations`,
    );
    applied = Number(rows[0]?.n ?? 0);
  } catch {
    applied = 0;
  }
  return { applied, expected: journal.entries.length, current: applied === journal.entries.length };
}
