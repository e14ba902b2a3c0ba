import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { preferPrepared } from "./prepared-statements";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type the app codes against; PGlite and postgres.js both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "pglite" | "postgres";

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** Where the data lives: the PGlite folder, ":memory:", or the Postgres URL without password. */
  location: string;
  close(): Promise<void>;
}

export type DbOptions =
  { engine: "postgres"; url: string; max?: number } | { engine: "pglite"; dataDir: string | ":memory:" };

/** Reads DATABASE_URL / KOSHA_DATA_DIR the same way for the app, the scripts and the tests. */
export function dbOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DbOptions {
  if (env.DATABASE_URL) return { engine: "postgres", url: env.DATABASE_URL };
  return { engine: "pglite", dataDir: path.resolve(env.KOSHA_DATA_DIR ?? ".data", "pglite") };
}

export async function openDb(opts: DbOptions): Promise<DbHandle> {
  if (opts.engine === "postgres") {
    const client = preferPrepared(
      postgres(opts.url, {
        max: opts.max ?? 10,
        onnotice: () => {},
        // Event bursts queue on the pool rather than fail; a stuck server still surfaces.
        connect_timeout: 10,
        // Statements are prepared (one round trip each; see prepared-statements.ts) but still
        // planned for their parameters each time, as unprepared ones were: a generic plan for a
        // KPI window or a segment run could be far worse than the custom one.
        connection: { plan_cache_mode: "force_custom_plan" },
      }),
    );
    const db = drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      engine: "postgres",
      location: redactUrl(opts.url),
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (opts.dataDir !== ":memory:") mkdirSync(opts.dataDir, { recursive: true });
  const client = opts.dataDir === ":memory:" ? await PGlite.create() : await PGlite.create(opts.dataDir);
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return { db, engine: "pglite", location: opts.dataDir, close: () => client.close() };
}

/**
 * How many transactions this handle can run side by side: the postgres.js pool size, or 1 for
 * PGlite (one database in one thread; concurrent transactions there would interleave on its one
 * session).
 */
export function parallelSessions(db: Db): number {
  const client = (db as unknown as { $client?: { options?: { max?: unknown } } }).$client;
  const max = client?.options?.max;
  return typeof max === "number" && max > 0 ? max : 1;
}

/** Rows of a raw SQL query, whichever engine ran it (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres";
  }
}
