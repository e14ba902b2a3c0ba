/*
 * Starts a real Medusa the way the contract tests do, seeds it through the Admin API and prints
 * its URL and secret key, for poking at it by hand or pointing a dev Kosha at it
 * (MEDUSA_URL / MEDUSA_API_KEY). Ctrl-C stops it and drops its database.
 *
 *   npx tsx scripts/medusa-contract/up.ts [--no-seed] [--fixtures] [--once]
 *
 * --fixtures  also writes the Admin API answers for every resource Kosha reads (lib/medusa RESOURCES,
 *             same `fields=`) to tests/contract/fixtures/*.json, with the harness's request log.
 * --once      exits after seeding (and writing fixtures) instead of staying up.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RESOURCES } from "@/lib/medusa/resources";
import { startMedusa } from "@/tests/contract/medusa-harness";
import { seedViaAdminApi } from "@/tests/contract/medusa-seed";

const args = new Set(process.argv.slice(2));
const t0 = Date.now();
const medusa = await startMedusa({ dbName: "kosha_medusa_contract_dev" });
console.log(`Medusa ${medusa.version} up at ${medusa.url} in ${Date.now() - t0} ms`, medusa.timings);

if (!args.has("--no-seed")) {
  const s0 = Date.now();
  const seeded = await seedViaAdminApi(medusa.admin);
  console.log(`seeded in ${Date.now() - s0} ms (${medusa.admin.calls.length} Admin API calls)`);
  console.log(JSON.stringify(seeded, null, 2));
}

if (args.has("--fixtures")) {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tests/contract/fixtures");
  mkdirSync(dir, { recursive: true });
  const sequence = medusa.admin.calls.map(({ method, path: p, body, status }) => ({
    method,
    path: p,
    status,
    body,
  }));
  writeFileSync(path.join(dir, "seed-request-sequence.json"), JSON.stringify(sequence, null, 2) + "\n");
  for (const [name, r] of Object.entries(RESOURCES)) {
    const body = await medusa.admin.get(r.path, { fields: r.fields, limit: 50, offset: 0 });
    writeFileSync(
      path.join(dir, `admin-${name.replaceAll("_", "-")}.json`),
      JSON.stringify(body, null, 2) + "\n",
    );
  }
  console.log(`fixtures written to ${dir}`);
}

console.log(`\nMEDUSA_URL=${medusa.url}\nMEDUSA_API_KEY=${medusa.apiKey}`);
if (args.has("--once")) {
  await medusa.stop();
} else {
  const stop = async () => {
    await medusa.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log("Ctrl-C to stop");
}
