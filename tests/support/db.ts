import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDb, type DbHandle, type Engine } from "@/db";
import { migrateDb } from "@/db/migrate";

/** The machine's Postgres for tests; each test file gets its own fresh database on it. */
export const TEST_PG_URL = process.env.KOSHA_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Engines under test: both by default; KOSHA_TEST_ENGINES=pglite narrows it for a quick run. */
export const engines: Engine[] = (process.env.KOSHA_TEST_ENGINES ?? "pglite,postgres")
  .split(",")
  .map((e) => e.trim())
  .filter((e): e is Engine => e === "pglite" || e === "postgres");

export interface TestDb extends DbHandle {
  /** Connection URL of the fresh Postgres database (postgres engine only). */
  url?: string;
  drop(): Promise<void>;
}

/** Creates a scratch Postgres database and returns its URL; `drop` removes it. */
export async function createScratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `kosha_t_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

/** A migrated, empty database on the given engine (PGlite in memory, or a scratch Postgres DB). */
export async function testDb(engine: Engine): Promise<TestDb> {
  if (engine === "pglite") {
    const h = await openDb({ engine: "pglite", dataDir: ":memory:" });
    await migrateDb(h);
    return { ...h, drop: () => h.close() };
  }
  const scratch = await createScratchDatabase();
  const h = await openDb({ engine: "postgres", url: scratch.url, max: 4 });
  await migrateDb(h);
  return {
    ...h,
    url: scratch.url,
    drop: async () => {
      await h.close();
      await scratch.drop();
    },
  };
}
