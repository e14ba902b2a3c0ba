import { appDb } from "@/db";
import { readEnv, transports, type Env } from "@/lib/config";
import { resolveInboundHandler } from "@/lib/ingest";
import { InboxRunner, type InboxRunnerStatus } from "./inbox-runner";

export type RunnerMode = "inngest" | "in-process";

/*
 * The app's one in-process runner, kept on globalThis like the db handle: Next.js loads
 * instrumentation.ts and each route in separate bundles, which must all see the same runner.
 */
const g = globalThis as unknown as { __koshaInboxRunner?: Promise<InboxRunner> };

export function runnerMode(env: Env = readEnv()): RunnerMode {
  return transports(env).inngest;
}

/** Starts (once per process) the in-process runner on the app's database. */
export function startAppRunner(): Promise<InboxRunner> {
  g.__koshaInboxRunner ??= appDb().then(({ db }) => {
    const runner = new InboxRunner({ db, resolve: resolveInboundHandler });
    runner.start();
    return runner;
  });
  // A failed start (database down) is forgotten so the next call tries again.
  g.__koshaInboxRunner.catch(() => {
    g.__koshaInboxRunner = undefined;
  });
  return g.__koshaInboxRunner;
}

/** Called from instrumentation.ts at server start: runs the in-process runner unless Inngest is configured. */
export async function startAppRunnerIfInProcess(env: Env = readEnv()): Promise<void> {
  if (runnerMode(env) !== "in-process") return;
  try {
    await startAppRunner();
  } catch (e) {
    console.error(
      JSON.stringify({ level: "error", msg: "in-process runner did not start", error: String(e) }),
    );
  }
}

export type RunnerStatus = { mode: RunnerMode } & InboxRunnerStatus;

/** What /api/health reports: which runner is active and, for the in-process one, how it is doing. */
export async function runnerStatus(env: Env = readEnv()): Promise<RunnerStatus> {
  const mode = runnerMode(env);
  const runner = g.__koshaInboxRunner ? await g.__koshaInboxRunner.catch(() => undefined) : undefined;
  return {
    mode,
    ...(runner?.status() ?? {
      started: false,
      processed: 0,
      ignored: 0,
      retried: 0,
      failed: 0,
      queued: 0,
      inFlight: 0,
      lastSweepAt: null,
      lastError: null,
    }),
  };
}
