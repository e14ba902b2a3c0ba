import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and committed; the same files are applied to PGlite
// and to Postgres by db/migrate.ts, so drizzle-kit never needs a live database here.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
