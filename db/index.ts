import { dbOptionsFromEnv, openDb, type DbHandle } from "./client";

export { openDb, dbOptionsFromEnv, parallelSessions, queryRows } from "./client";
export type { Db, DbHandle, DbOptions, Engine } from "./client";
export * as schema from "./schema";

/*
 * The app's one handle, kept on globalThis: Next.js may load this module once per route bundle,
 * and two PGlite instances on one folder would corrupt it.
 */
const globalForDb = globalThis as unknown as { __koshaDb?: Promise<DbHandle> };

export function appDb(): Promise<DbHandle> {
  globalForDb.__koshaDb ??= openDb(dbOptionsFromEnv());
  return globalForDb.__koshaDb;
}
