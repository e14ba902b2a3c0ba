/*
 * Prepares what the contract tests need before they run, and prints how long each part took:
 * the cached npm install of Medusa and the migrated template database. Handy as a CI step of its
 * own (so a slow registry shows up as install time, not as a test-hook timeout).
 *
 *   npx tsx scripts/medusa-contract/install.ts
 */
import { ensureMedusaInstalled, ensureTemplateDb } from "@/tests/contract/medusa-harness";

const install = await ensureMedusaInstalled();
console.log(
  `Medusa ${install.version} in ${install.dir}: ${install.installMs ? `installed in ${install.installMs} ms` : "cached"}`,
);
const template = await ensureTemplateDb(install);
console.log(
  `template database ${template.name}: ${template.buildMs ? `built in ${template.buildMs} ms (migrate ${template.migrateMs} ms)` : "exists"}`,
);
