import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Engine } from "@/db";
import { createScratchDatabase } from "./db";

/** What a test needs to talk to a running Kosha: where it is and how to sign in. */
export interface AppServerInfo {
  engine: Engine;
  baseUrl: string;
  /** The webhook edge (KOSHA_WEBHOOK_PORT): /api/webhooks/* without Next.js. */
  webhookUrl: string;
  ownerEmail: string;
  ownerPassword: string;
  /** Environment the server runs with (database, secrets), for tests that open the same DB. */
  env: Record<string, string>;
}

export interface RunningApp extends AppServerInfo {
  stop(): Promise<void>;
}

export const TEST_SECRETS = {
  AUTH_SECRET: "test-auth-secret-0123456789abcdef0123456789abcdef",
  MEDUSA_WEBHOOK_SECRET: "test-medusa-webhook-secret",
  WHATSAPP_APP_SECRET: "test-whatsapp-app-secret",
  WHATSAPP_VERIFY_TOKEN: "test-whatsapp-verify-token",
};

export async function freePort(): Promise<number> {
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

// import.meta.dirname: Playwright loads this file as an ES module, where __dirname does not exist.
const root = path.resolve(import.meta.dirname, "../..");

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out}`)),
    );
  });
}

export async function waitForHealth(
  baseUrl: string,
  child?: ChildProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`app exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.status === 200 || res.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`app at ${baseUrl} not ready within ${timeoutMs} ms`);
}

/**
 * Starts the built app (`next start`, so `next build` must have run) on a fresh database of the
 * given engine: migrated and with an owner account created by `npm run setup`, as a user would.
 */
export interface StartOptions {
  /** Seed the demo store (this many orders) before the app starts. */
  seedOrders?: number;
}

export async function startApp(
  engine: Engine,
  extraEnv: Record<string, string> = {},
  opts: StartOptions = {},
): Promise<RunningApp> {
  const port = await freePort();
  const webhookPort = await freePort();
  const ownerEmail = "owner@kosha.test";
  const ownerPassword = "correct horse battery staple";
  let cleanupDb: () => Promise<void>;
  const dbEnv: Record<string, string> = {};
  if (engine === "postgres") {
    const scratch = await createScratchDatabase();
    dbEnv.DATABASE_URL = scratch.url;
    cleanupDb = scratch.drop;
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kosha-app-"));
    dbEnv.KOSHA_DATA_DIR = dir;
    cleanupDb = async () => rmSync(dir, { recursive: true, force: true });
  }
  const baseEnv: Record<string, string> = {
    ...TEST_SECRETS,
    ...dbEnv,
    PORT: String(port),
    KOSHA_WEBHOOK_PORT: String(webhookPort),
    AUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    KOSHA_LOG_LEVEL: "warn",
    ...extraEnv,
  };
  const env = { ...process.env, ...baseEnv, NODE_ENV: "production" } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  delete env.KOSHA_DATA_DIR;
  Object.assign(env, dbEnv);
  await run("npx", ["tsx", "scripts/migrate.ts"], env);
  await run("npx", ["tsx", "scripts/setup.ts"], {
    ...env,
    OWNER_EMAIL: ownerEmail,
    OWNER_PASSWORD: ownerPassword,
  });
  if (opts.seedOrders) {
    await run(
      "npx",
      ["tsx", "scripts/seed-demo.ts", "--orders", String(opts.seedOrders), "--seed", "7"],
      env,
    );
  }

  const child = spawn(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout!.on("data", (d) => (log = (log + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (log = (log + d).slice(-20_000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n--- app log ---\n${log}`);
  }
  return {
    engine,
    baseUrl,
    webhookUrl: `http://127.0.0.1:${webhookPort}`,
    ownerEmail,
    ownerPassword,
    env: baseEnv,
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      });
      await cleanupDb();
    },
  };
}
