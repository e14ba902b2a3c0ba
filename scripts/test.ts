import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

/*
 * The test command behind `npm test` (after lint, format check and tsc): checks that the machine
 * has what the suite needs, builds the app once, runs every vitest project (unit, integration on
 * PGlite and Postgres, HTTP against running apps, the real-Medusa contract) and the Playwright
 * suite in Chromium, then prints one summary line of counts.
 */

const help = `Usage: npm test   (lint, format check, tsc, then this runner)
       npx tsx scripts/test.ts [--skip-build] [--only vitest|e2e] [vitest filters...]

Environment:
  KOSHA_TEST_PG_URL      Postgres the tests create scratch databases on (default postgres://postgres@127.0.0.1:5432/test)
  KOSHA_TEST_ENGINES     engines for integration/HTTP tests (default pglite,postgres)
  KOSHA_CHROMIUM_PATH    Chromium for Playwright (default /usr/bin/chromium)
  KOSHA_NEXT_DIST_DIR    Next.js build folder (default .next)`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(help);
  process.exit(0);
}
const skipBuild = args.includes("--skip-build");
const onlyIdx = args.indexOf("--only");
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
const filters = args.filter((a, i) => !a.startsWith("--") && !(onlyIdx >= 0 && i === onlyIdx + 1));

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
const pgUrl = process.env.KOSHA_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const chromium = process.env.KOSHA_CHROMIUM_PATH ?? "/usr/bin/chromium";

async function preflight(): Promise<string[]> {
  const missing: string[] = [];
  if (!existsSync(chromium)) {
    missing.push(
      `Chromium not found at ${chromium}. Install Debian's build: sudo apt-get update && sudo apt-get install -y chromium\n` +
        `  (or point KOSHA_CHROMIUM_PATH at a Chromium binary; 'npx playwright install' is not needed).`,
    );
  }
  const sql = postgres(pgUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
    const [role] = await sql<
      { ok: boolean }[]
    >`select rolcreatedb or rolsuper as ok from pg_roles where rolname = current_user`;
    const ok = role?.ok ?? false;
    if (!ok)
      missing.push(`The Postgres role in ${pgUrl} cannot create databases; the tests create one per file.`);
  } catch (e) {
    missing.push(
      `PostgreSQL not reachable at ${pgUrl} (${(e as Error).message}).\n` +
        `  Start one (Debian: sudo apt-get install -y postgresql && sudo pg_ctlcluster 15 main start, trust auth for 127.0.0.1)\n` +
        `  or set KOSHA_TEST_PG_URL to a server where the user may create databases.`,
    );
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
  return missing;
}

function run(cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestCounts(file: string): Counts | undefined {
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: { status: string; assertionResults: unknown[] }[];
  };
  // A file that fails to load has no assertions but must count as a failure.
  const brokenFiles = r.testResults.filter(
    (f) => f.status === "failed" && f.assertionResults.length === 0,
  ).length;
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + brokenFiles,
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

function playwrightCounts(file: string): Counts | undefined {
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    errors?: unknown[];
  };
  return {
    passed: r.stats.expected + r.stats.flaky,
    failed: r.stats.unexpected + (r.errors?.length ?? 0),
    skipped: r.stats.skipped,
  };
}

const missing = await preflight();
if (missing.length > 0) {
  console.error(
    `\nThe test suite needs a real Postgres and a real Chromium; missing:\n- ${missing.join("\n- ")}\n`,
  );
  process.exit(1);
}

rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

if (!skipBuild && only !== "unit") {
  console.log("› next build");
  const code = await run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
  });
  if (code !== 0) {
    console.error("next build failed");
    console.log("tests: 0 passed, 1 failed");
    process.exit(1);
  }
}

const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
let exitCodes = 0;

if (only === undefined || only === "vitest") {
  const vitestJson = path.join(results, "vitest.json");
  exitCodes |= await run(process.execPath, [
    path.join(root, "node_modules/vitest/vitest.mjs"),
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${vitestJson}`,
    ...filters,
  ]);
  const c = vitestCounts(vitestJson) ?? { passed: 0, failed: 1, skipped: 0 };
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
}

if (only === undefined || only === "e2e") {
  const pwJson = path.join(results, "playwright.json");
  exitCodes |= await run(
    process.execPath,
    [path.join(root, "node_modules/@playwright/test/cli.js"), "test", "--reporter=list,json"],
    { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson },
  );
  const c = playwrightCounts(pwJson) ?? { passed: 0, failed: 1, skipped: 0 };
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
}

const failed = totals.failed > 0 || exitCodes !== 0 ? Math.max(totals.failed, 1) : 0;
console.log(`\ntests: ${totals.passed} passed, ${failed} failed, ${totals.skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
