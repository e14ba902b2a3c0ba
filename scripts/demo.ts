import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/*
 * `npm run demo`: the embedded cockpit in one command. Migrates, seeds the demo store unless it
 * is already seeded, makes sure an owner exists, builds when the sources changed since the last
 * build, and serves on PORT. Each step is the same script a user can run alone.
 */

const help = `Usage: npm run demo [-- --orders N]

Serves the Kosha cockpit on http://localhost:\${PORT:-3000} over the embedded database
(PGlite in \${KOSHA_DATA_DIR:-.data}/pglite), seeded with the demo store on first run.
Set DATABASE_URL to use a Postgres server instead.

  --orders N   orders in the demo store on first seed (default 50000)
  --rebuild    build the app even if the sources did not change`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(help);
  process.exit(0);
}
const ordersIdx = args.indexOf("--orders");
const orders = ordersIdx >= 0 ? args[ordersIdx + 1] : undefined;

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.resolve(root, process.env.KOSHA_DATA_DIR ?? ".data");
const distDir = path.resolve(root, process.env.KOSHA_NEXT_DIST_DIR ?? ".next");
const port = process.env.PORT ?? "3000";
const credentialsFile = path.join(dataDir, "demo-owner.txt");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const next = path.join(root, "node_modules/next/dist/bin/next");

function step(title: string, file: string, fileArgs: string[] = []): Promise<void> {
  console.log(`\n› ${title}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...fileArgs], {
      cwd: root,
      stdio: "inherit",
      env: process.env,
    });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${title} failed (exit ${code})`)),
    );
  });
}

/** A fingerprint of everything `next build` reads, so an unchanged tree is not rebuilt. */
function sourceStamp(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else hash.update(`${p}:${statSync(p).size}:${statSync(p).mtimeMs}\n`);
    }
  };
  for (const dir of ["app", "components", "lib", "db", "inngest", "public"]) walk(path.join(root, dir));
  for (const file of ["next.config.ts", "package-lock.json", "tsconfig.json", "instrumentation.ts"]) {
    const p = path.join(root, file);
    if (existsSync(p)) hash.update(`${p}:${statSync(p).mtimeMs}\n`);
  }
  return hash.digest("hex");
}

try {
  await step("Preparing the database", tsx, ["scripts/migrate.ts"]);
  await step("Seeding the demo store (first run only)", tsx, [
    "scripts/seed-demo.ts",
    "--if-empty",
    ...(orders ? ["--orders", orders] : []),
  ]);
  await step("Owner account", tsx, ["scripts/setup.ts", "--credentials-file", credentialsFile]);

  const stampFile = path.join(distDir, "kosha-source-stamp");
  const stamp = sourceStamp();
  const built = existsSync(path.join(distDir, "BUILD_ID")) && existsSync(stampFile);
  if (args.includes("--rebuild") || !built || readFileSync(stampFile, "utf8") !== stamp) {
    await step("Building the cockpit", next, ["build"]);
    writeFileSync(stampFile, stamp);
  } else {
    console.log("\n› Build is up to date");
  }

  console.log(`\nKosha is starting on http://localhost:${port}`);
  if (existsSync(credentialsFile)) {
    console.log(`Owner login (generated for this demo, kept in ${path.relative(root, credentialsFile)}):`);
    console.log(readFileSync(credentialsFile, "utf8").trim().replace(/^/gm, "  "));
  } else if (process.env.OWNER_EMAIL) {
    console.log(`Owner login: ${process.env.OWNER_EMAIL} with the OWNER_PASSWORD you set`);
  }
  const server = spawn(process.execPath, [next, "start", "-p", port], {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
} catch (e) {
  console.error(`\n${(e as Error).message}`);
  process.exit(1);
}
