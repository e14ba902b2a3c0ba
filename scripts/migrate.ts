import { dbOptionsFromEnv, openDb } from "@/db";
import { migrateDb, migrationStatus } from "@/db/migrate";

const help = `Usage: npm run migrate

Applies the committed migrations in db/migrations to the configured database.
  DATABASE_URL     Postgres to migrate (unset: embedded PGlite)
  KOSHA_DATA_DIR   PGlite lives in $KOSHA_DATA_DIR/pglite (default .data)`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(help);
  process.exit(0);
}

const handle = await openDb(dbOptionsFromEnv());
try {
  await migrateDb(handle);
  const status = await migrationStatus(handle);
  console.log(
    `migrated ${handle.engine} (${handle.location}): ${status.applied}/${status.expected} migrations applied`,
  );
} finally {
  await handle.close();
}
