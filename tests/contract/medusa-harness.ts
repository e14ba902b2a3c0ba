import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { TEST_PG_URL } from "../support/db";
import { adminClient, type AdminClient } from "./medusa-admin";

/*
 * Drives a real Medusa 2 server for the contract tests: installs it from npm (once per template
 * version, cached outside the repo clone), prepares a migrated Postgres template database (once),
 * and starts `medusa start` on a fresh copy of it with an admin user and a secret API key.
 *
 * Layout:
 *   tests/contract/medusa-app-template/    package.json (pinned versions), medusa-config.ts, tsconfig.json
 *   $KOSHA_MEDUSA_CACHE/medusa-<ver>-<hash>/node_modules   the npm install (default ~/.cache/kosha-medusa)
 *   .cache/medusa-app/<instance>/          one Medusa app dir per running server: the template files, a
 *                                          node_modules symlink to the cached install, src/subscribers/*
 *   Postgres kosha_medusa_tpl_<hash>       migrated + admin user; each server gets `create database … template`
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");
export const TEMPLATE_DIR = path.join(here, "medusa-app-template");
export const APP_ROOT = path.join(repoRoot, ".cache/medusa-app");
export const CACHE_ROOT = process.env.KOSHA_MEDUSA_CACHE ?? path.join(os.homedir(), ".cache/kosha-medusa");
export const ADMIN_EMAIL = "admin@kosha.test";
export const ADMIN_PASSWORD = "kosha-contract-admin";
const TEMPLATE_FILES = ["package.json", "medusa-config.ts", "tsconfig.json"] as const;

/** The pinned @medusajs/medusa version the template installs. */
export const MEDUSA_VERSION: string = JSON.parse(
  readFileSync(path.join(TEMPLATE_DIR, "package.json"), "utf8"),
).dependencies["@medusajs/medusa"];

/** Hash of what decides the npm install: the template's package.json and Node's major version. */
export function installHash(): string {
  return createHash("sha256")
    .update(readFileSync(path.join(TEMPLATE_DIR, "package.json")))
    .update(process.versions.node.split(".")[0] ?? "")
    .digest("hex")
    .slice(0, 12);
}

/** Hash of what decides the migrated schema: the install plus medusa-config.ts (modules) and tsconfig. */
export function templateHash(): string {
  const h = createHash("sha256").update(installHash());
  for (const f of TEMPLATE_FILES) h.update(f).update(readFileSync(path.join(TEMPLATE_DIR, f)));
  return h.digest("hex").slice(0, 12);
}

export interface MedusaInstall {
  /** installHash(): names the cached install. */
  hash: string;
  version: string;
  /** Directory holding package.json + node_modules of the cached install. */
  dir: string;
  /** Milliseconds spent installing in this call; 0 when the cache was warm. */
  installMs: number;
}

function tail(text: string, lines = 60): string {
  return text.split("\n").slice(-lines).join("\n");
}

/** Runs a command to completion, keeping its output for the error message. */
function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; what: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `${opts.what} timed out after ${opts.timeoutMs} ms (${cmd} ${args.join(" ")} in ${opts.cwd})\n${tail(out)}`,
        ),
      );
    }, opts.timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`${opts.what}: could not run ${cmd}: ${e.message}`));
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `${opts.what} failed (${cmd} ${args.join(" ")} exited ${code} in ${opts.cwd}):\n${tail(out)}`,
          ),
        );
    });
  });
}

/**
 * Installs the template's Medusa into the cache unless that exact template is already installed.
 * Concurrent callers each install into a private temp dir and the first rename wins, so a half-done
 * install is never seen. Needs only the npm registry; Medusa's install scripts (telemetry, swc/esbuild
 * binary checks) are not needed, so npm's allowScripts policy skipping them is fine.
 */
export async function ensureMedusaInstalled(): Promise<MedusaInstall> {
  const hash = installHash();
  const dir = path.join(CACHE_ROOT, `medusa-${MEDUSA_VERSION}-${hash}`);
  const ready = path.join(dir, ".kosha-ready");
  if (existsSync(ready)) return { hash, version: MEDUSA_VERSION, dir, installMs: 0 };

  const started = Date.now();
  mkdirSync(CACHE_ROOT, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(3).toString("hex")}`;
  mkdirSync(tmp, { recursive: true });
  copyFileSync(path.join(TEMPLATE_DIR, "package.json"), path.join(tmp, "package.json"));
  try {
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: tmp,
      timeoutMs: 15 * 60_000,
      what: `npm install of Medusa ${MEDUSA_VERSION} (needs the npm registry; set KOSHA_MEDUSA_CACHE to reuse an install)`,
    });
    for (const f of ["@medusajs/cli/cli.js", "@medusajs/medusa/package.json", "ts-node/package.json"]) {
      if (!existsSync(path.join(tmp, "node_modules", f)))
        throw new Error(`npm install finished but node_modules/${f} is missing in ${tmp}`);
    }
    writeFileSync(path.join(tmp, ".kosha-ready"), new Date().toISOString());
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another run finished first: use its install.
      if (!existsSync(ready)) throw e;
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { hash, version: MEDUSA_VERSION, dir, installMs: Date.now() - started };
}

/** A Medusa app directory: the template files plus a node_modules symlink into the cached install. */
function prepareAppDir(install: MedusaInstall, name: string, subscribers: string[]): string {
  const dir = path.join(APP_ROOT, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, "src/subscribers"), { recursive: true });
  for (const f of TEMPLATE_FILES) copyFileSync(path.join(TEMPLATE_DIR, f), path.join(dir, f));
  symlinkSync(path.join(install.dir, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const file of subscribers) {
    if (!existsSync(file)) throw new Error(`subscriber file ${file} does not exist`);
    copyFileSync(file, path.join(dir, "src/subscribers", path.basename(file)));
  }
  return dir;
}

function medusaEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // vitest sets NODE_ENV=test, which changes Medusa's HTTP loader; run it as a developer would.
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    // No network beyond npm in CI: no telemetry pings.
    MEDUSA_DISABLE_TELEMETRY: "true",
    ...extra,
  };
}

function cli(appDir: string): string {
  return path.join(appDir, "node_modules/@medusajs/cli/cli.js");
}

function dbUrl(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminSql<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } catch (e) {
    throw new Error(`Postgres at ${TEST_PG_URL} (KOSHA_TEST_PG_URL): ${(e as Error).message}`);
  } finally {
    await sql.end();
  }
}

async function databaseExists(name: string): Promise<boolean> {
  return withAdminSql(
    async (sql) => (await sql`select 1 from pg_database where datname = ${name}`).length > 0,
  );
}

export interface TemplateDb {
  name: string;
  /** Milliseconds spent building it in this call (migrate + admin user); 0 when it existed. */
  buildMs: number;
  migrateMs: number;
}

/**
 * A Postgres database with Medusa's schema migrated and the admin user created, named after the
 * template hash. Built once (≈15 s of `medusa db:migrate`); each server then starts from a copy,
 * which takes about a second.
 */
export async function ensureTemplateDb(install: MedusaInstall): Promise<TemplateDb> {
  const hash = templateHash();
  const name = `kosha_medusa_tpl_${hash}`;
  if (await databaseExists(name)) return { name, buildMs: 0, migrateMs: 0 };
  const started = Date.now();
  const building = `kosha_medusa_tplb_${hash}_${process.pid}`;
  await withAdminSql(async (sql) => {
    await sql.unsafe(`drop database if exists "${building}" with (force)`);
    await sql.unsafe(`create database "${building}"`);
  });
  const appDir = prepareAppDir(install, `template-${process.pid}`, []);
  const env = medusaEnv(dbUrl(building));
  let migrateMs = 0;
  try {
    const m0 = Date.now();
    await run(process.execPath, [cli(appDir), "db:migrate"], {
      cwd: appDir,
      env,
      timeoutMs: 5 * 60_000,
      what: "medusa db:migrate",
    });
    migrateMs = Date.now() - m0;
    await run(process.execPath, [cli(appDir), "user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], {
      cwd: appDir,
      env,
      timeoutMs: 2 * 60_000,
      what: "medusa user",
    });
    await withAdminSql(async (sql) => {
      try {
        await sql.unsafe(`alter database "${building}" rename to "${name}"`);
      } catch (e) {
        // A concurrent run built it first.
        if (!(await databaseExists(name))) throw e;
        await sql.unsafe(`drop database if exists "${building}" with (force)`);
      }
    });
  } catch (e) {
    await withAdminSql((sql) => sql.unsafe(`drop database if exists "${building}" with (force)`)).catch(
      () => {},
    );
    throw e;
  } finally {
    rmSync(appDir, { recursive: true, force: true });
  }
  return { name, buildMs: Date.now() - started, migrateMs };
}

async function createDbFromTemplate(name: string, template: string): Promise<void> {
  await withAdminSql(async (sql) => {
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
    // CREATE … TEMPLATE fails while another session copies the same template; retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await sql.unsafe(`create database "${name}" template "${template}"`);
        return;
      } catch (e) {
        if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  });
}

/** A free TCP port (tests/support/app-server has one too, but it cannot be imported outside vitest). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface StartMedusaOptions {
  /** Port to listen on; a free one by default. */
  port?: number;
  /** Database to create (dropped first if it exists); `kosha_medusa_contract_<random>` by default. */
  dbName?: string;
  /** Absolute paths of subscriber files copied into the app's src/subscribers. */
  subscribers?: string[];
  /** Extra environment for the Medusa process (e.g. what a subscriber reads). */
  env?: Record<string, string>;
}

export interface MedusaTimings {
  installMs: number;
  templateDbMs: number;
  migrateMs: number;
  createDbMs: number;
  /** Spawn → GET /health answering OK, for the latest (re)start. */
  bootMs: number;
}

export interface RunningMedusa {
  url: string;
  /** Secret API key (`sk_…`), sent as `Authorization: Basic base64("<key>:")`. */
  apiKey: string;
  dbName: string;
  databaseUrl: string;
  appDir: string;
  version: string;
  admin: AdminClient;
  timings: MedusaTimings;
  /** The last 40 KB of Medusa's output, for failure messages. */
  log(): string;
  /** Stops the server and drops its database and app dir. */
  stop(): Promise<void>;
  /**
   * Stops and starts the server on the same port and database, optionally with a new set of
   * subscribers and extra env (Medusa loads subscribers only at boot).
   */
  restart(opts?: { subscribers?: string[]; env?: Record<string, string> }): Promise<void>;
}

async function waitForMedusaHealth(url: string, child: ChildProcess, log: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `medusa start exited (${child.exitCode ?? child.signalCode}) before GET /health answered\n${tail(log(), 80)}`,
      );
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok && (await res.text()).trim() === "OK") return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Medusa at ${url} not healthy within ${timeoutMs} ms\n${tail(log(), 80)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}

/** An admin JWT from the email/password provider (only needed to mint the secret key). */
async function adminJwt(url: string): Promise<string> {
  const res = await fetch(`${url}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  const body = (await res.json().catch(() => null)) as { token?: string } | null;
  if (!res.ok || !body?.token)
    throw new Error(`POST /auth/user/emailpass answered ${res.status}: ${JSON.stringify(body)}`);
  return body.token;
}

async function createSecretKey(url: string): Promise<string> {
  const jwt = await adminJwt(url);
  const res = await fetch(`${url}/admin/api-keys`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ title: "kosha-contract", type: "secret" }),
  });
  const body = (await res.json().catch(() => null)) as { api_key?: { token?: string } } | null;
  const token = body?.api_key?.token;
  if (!res.ok || !token?.startsWith("sk_"))
    throw new Error(`POST /admin/api-keys answered ${res.status}: ${JSON.stringify(body)}`);
  return token;
}

/**
 * Starts a real Medusa (`medusa start`, no build step needed: ts-node loads medusa-config.ts and
 * src/subscribers) on a fresh database, with a secret API key ready for the Admin API.
 */
export async function startMedusa(opts: StartMedusaOptions = {}): Promise<RunningMedusa> {
  const install = await ensureMedusaInstalled();
  const template = await ensureTemplateDb(install);
  const port = opts.port ?? (await freePort());
  const dbName =
    opts.dbName ?? `kosha_medusa_contract_${Date.now().toString(36)}_${randomBytes(2).toString("hex")}`;
  const c0 = Date.now();
  await createDbFromTemplate(dbName, template.name);
  const createDbMs = Date.now() - c0;
  const databaseUrl = dbUrl(dbName);
  const url = `http://127.0.0.1:${port}`;

  let subscribers = opts.subscribers ?? [];
  let extraEnv = opts.env ?? {};
  let appDir = "";
  let child: ChildProcess | undefined;
  let output = "";
  const log = () => output;

  const boot = async (): Promise<number> => {
    appDir = prepareAppDir(install, dbName, subscribers);
    const t0 = Date.now();
    output = "";
    child = spawn(process.execPath, [cli(appDir), "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: appDir,
      env: medusaEnv(databaseUrl, extraEnv),
      stdio: ["ignore", "pipe", "pipe"],
    });
    // A crashed or interrupted test run must not leave Medusa running.
    const orphanGuard = () => child?.kill("SIGKILL");
    process.once("exit", orphanGuard);
    child.once("exit", () => process.removeListener("exit", orphanGuard));
    child.stdout!.on("data", (d) => (output = (output + d).slice(-40_000)));
    child.stderr!.on("data", (d) => (output = (output + d).slice(-40_000)));
    try {
      await waitForMedusaHealth(url, child, log, 120_000);
    } catch (e) {
      await stopChild(child);
      throw e;
    }
    return Date.now() - t0;
  };

  let bootMs: number;
  let apiKey: string;
  try {
    bootMs = await boot();
    apiKey = await createSecretKey(url);
  } catch (e) {
    if (child) await stopChild(child);
    await withAdminSql((sql) => sql.unsafe(`drop database if exists "${dbName}" with (force)`)).catch(
      () => {},
    );
    throw e;
  }
  const timings: MedusaTimings = {
    installMs: install.installMs,
    templateDbMs: template.buildMs,
    migrateMs: template.migrateMs,
    createDbMs,
    bootMs,
  };

  return {
    url,
    apiKey,
    dbName,
    databaseUrl,
    get appDir() {
      return appDir;
    },
    version: install.version,
    admin: adminClient(url, apiKey),
    timings,
    log,
    async stop() {
      if (child) await stopChild(child);
      await withAdminSql((sql) => sql.unsafe(`drop database if exists "${dbName}" with (force)`));
      rmSync(appDir, { recursive: true, force: true });
    },
    async restart(next = {}) {
      if (child) await stopChild(child);
      subscribers = next.subscribers ?? subscribers;
      extraEnv = { ...extraEnv, ...next.env };
      timings.bootMs = await boot();
    },
  };
}
