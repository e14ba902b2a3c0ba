import { dbOptionsFromEnv, openDb } from "@/db";
import { readEnv, transports } from "@/lib/config";
import {
  generateMedusaFixtures,
  medusaClientFromEnv,
  RESOURCE_NAMES,
  sandboxStore,
  syncMedusa,
  type ResourceName,
  type SyncProgress,
} from "@/lib/medusa";

const help = `Usage: npm run sync:medusa -- [--full] [--resource <name>]... [--page-size <n>]

Copies Medusa (Admin API) into Kosha's mirror. Without --full it reads only what changed since the
last run (by updated_at). An interrupted run continues where it stopped when run again.

  --full             read everything from the beginning (first run, or to heal the mirror)
  --resource <name>  only this resource; repeatable. One of:
                     ${RESOURCE_NAMES.join(", ")}
  --page-size <n>    records per Admin API request (default 100)
  --help             this text

  MEDUSA_URL, MEDUSA_API_KEY   a live Medusa (secret API key sk_…); unset: the sandbox, loaded
                               with generated demo data
  DATABASE_URL / KOSHA_DATA_DIR  the database to write to`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(help);
  process.exit(0);
}

const resources: ResourceName[] = [];
let pageSize = 100;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--full") continue;
  if (a === "--resource") {
    const r = args[++i] as ResourceName;
    if (!RESOURCE_NAMES.includes(r)) {
      console.error(`unknown resource "${r}"; one of ${RESOURCE_NAMES.join(", ")}`);
      process.exit(2);
    }
    resources.push(r);
  } else if (a === "--page-size") {
    pageSize = Number(args[++i]);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      console.error("--page-size must be an integer from 1 to 1000");
      process.exit(2);
    }
  } else {
    console.error(`unknown argument "${a}"\n\n${help}`);
    process.exit(2);
  }
}

const env = readEnv();
const mode = args.includes("--full") ? "full" : "incremental";
if (transports(env).medusa === "sandbox") {
  console.log("MEDUSA_URL / MEDUSA_API_KEY unset: syncing from the sandbox with generated demo data");
  sandboxStore().load(generateMedusaFixtures({ products: 40, customers: 200, orders: 500 }));
}
const handle = await openDb(dbOptionsFromEnv());
const started = Date.now();
const print = (p: SyncProgress) => {
  const total = p.total === null ? "?" : String(p.total);
  process.stdout.write(
    `\r${p.resource.padEnd(16)} ${String(p.done).padStart(8)}/${total}${p.finished ? " done\n" : ""}`,
  );
};
try {
  const results = await syncMedusa(handle.db, medusaClientFromEnv(env), {
    mode,
    resources: resources.length ? resources : undefined,
    pageSize,
    onProgress: print,
  });
  const fetched = results.reduce((s, r) => s + r.fetched, 0);
  const written = results.reduce((s, r) => s + r.written, 0);
  console.log(
    `${mode} sync finished in ${((Date.now() - started) / 1000).toFixed(1)} s: ${fetched} records read, ${written} written` +
      (results.some((r) => r.resumed)
        ? ` (resumed: ${results
            .filter((r) => r.resumed)
            .map((r) => r.resource)
            .join(", ")})`
        : ""),
  );
} catch (e) {
  console.error(
    `\nsync stopped: ${(e as Error).message}\nRun the same command again to continue where it stopped.`,
  );
  process.exitCode = 1;
} finally {
  await handle.close();
}
