// @ts-expect-error -- resolved in the Medusa app dir (.cache/medusa-app/*/node_modules), not in Kosha's.
import { defineConfig, loadEnv } from "@medusajs/framework/utils";

loadEnv(process.env.NODE_ENV || "development", process.cwd());

// Everything comes from env set by tests/contract/medusa-harness.ts. No Redis: the in-memory event bus, cache
// and workflow engine are Medusa's defaults, which is enough for one process in a test.
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseDriverOptions: { connection: { ssl: false } },
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "kosha-contract-jwt",
      cookieSecret: process.env.COOKIE_SECRET || "kosha-contract-cookie",
    },
  },
  admin: { disable: true },
});
