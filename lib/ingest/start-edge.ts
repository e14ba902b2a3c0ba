import { readEnv, type Env } from "@/lib/config";
import { startWebhookEdge } from "./edge-server";
import { logJson as log, startEdgeThread } from "./edge-thread";
import { appDispatch } from "./webhook-endpoints";

/*
 * Starts the webhook edge the app was configured for (called from instrumentation.ts): in a
 * thread of its own on Postgres unless KOSHA_WEBHOOK_THREAD=off, else on the main thread. A
 * thread that cannot start (say, the app was not started from its folder) falls back to the
 * main thread, with a warning, rather than leaving the port closed.
 */
export type EdgePlacement = "thread" | "main";

export function edgePlacement(env: Env): EdgePlacement {
  return env.DATABASE_URL && env.KOSHA_WEBHOOK_THREAD === "auto" ? "thread" : "main";
}

/** Where the edge ended up, for /api/health (globalThis: instrumentation and routes are separate bundles). */
export type EdgeStatus = { port: number; thread: EdgePlacement } | null;
const g = globalThis as unknown as { __koshaWebhookEdge?: EdgeStatus };
export const webhookEdgeStatus = (): EdgeStatus => g.__koshaWebhookEdge ?? null;

export async function startAppWebhookEdge(env: Env = readEnv()): Promise<EdgePlacement | undefined> {
  const port = env.KOSHA_WEBHOOK_PORT;
  if (!port) return undefined;
  if (edgePlacement(env) === "thread") {
    try {
      await startEdgeThread({ port, dispatch: appDispatch });
      log("info", "webhook edge listening", { port, thread: "edge" });
      g.__koshaWebhookEdge = { port, thread: "thread" };
      return "thread";
    } catch (e) {
      log("warn", "webhook edge thread did not start; serving it on the main thread", { error: String(e) });
    }
  }
  await startWebhookEdge(port);
  log("info", "webhook edge listening", { port, thread: "main" });
  g.__koshaWebhookEdge = { port, thread: "main" };
  return "main";
}
