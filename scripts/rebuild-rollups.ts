import { dbOptionsFromEnv, openDb } from "@/db";
import { rebuildRollups } from "@/lib/kpi";
import { isIstDay } from "@/lib/time";

const help = `Usage: npm run rollups:rebuild [-- --from YYYY-MM-DD --to YYYY-MM-DD]

Recomputes the KPI rollups (lib/kpi) from the commerce mirror, sessions and spend.
  (no options)    everything: truncate and refill in one transaction (readers keep seeing the
                  old figures until it commits)
  --from --to     only these IST days (inclusive) and the customers and carts on them, through
                  the same incremental path the app uses
Works on the configured database: DATABASE_URL, else embedded PGlite in $KOSHA_DATA_DIR/pglite
(which one process can open at a time: stop the app first).`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(help);
  process.exit(0);
}

function option(name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || !isIstDay(value)) fail(`${name} needs a calendar day YYYY-MM-DD, got "${value ?? ""}"`);
  return value;
}

function fail(message: string): never {
  console.error(`rollups:rebuild: ${message}\n\n${help}`);
  process.exit(1);
}

const known = new Set(["--from", "--to"]);
for (let i = 0; i < args.length; i += 2) if (!known.has(args[i]!)) fail(`unknown option ${args[i]}`);
const from = option("--from");
const to = option("--to");
if ((from && !to) || (to && !from)) fail("give both --from and --to, or neither");
if (from && to && to < from) fail(`--to (${to}) is before --from (${from})`);

const handle = await openDb(dbOptionsFromEnv());
const started = performance.now();
try {
  console.log(
    `rebuilding KPI rollups on ${handle.engine} (${handle.location})${from ? ` for ${from}..${to}` : ""}`,
  );
  await rebuildRollups(handle.db, {
    from,
    to,
    onProgress: (m) => console.log(`  ${m} (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  });
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await handle.close();
}
