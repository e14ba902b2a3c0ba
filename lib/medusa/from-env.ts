import { readEnv, transports, type Env } from "@/lib/config";
import { medusaClient, type MedusaClient } from "./client";
import { liveTransport } from "./transport/live";
import { SandboxStore, sandboxTransport } from "./transport/sandbox";
import { medusaHandlers } from "./webhook/process";

/*
 * The process's sandbox store, on globalThis so every Next.js route bundle (and the demo seeder
 * in the same process) sees the same one.
 */
const g = globalThis as unknown as { __koshaMedusaSandbox?: SandboxStore };

export function sandboxStore(): SandboxStore {
  g.__koshaMedusaSandbox ??= new SandboxStore();
  return g.__koshaMedusaSandbox;
}

/** The Medusa client configuration selects: live with MEDUSA_URL + MEDUSA_API_KEY, else the sandbox. */
export function medusaClientFromEnv(env: Env = readEnv()): MedusaClient {
  if (transports(env).medusa === "live") {
    return medusaClient(liveTransport({ baseUrl: env.MEDUSA_URL!, apiKey: env.MEDUSA_API_KEY! }), {
      publishableKey: env.MEDUSA_PUBLISHABLE_KEY,
    });
  }
  return medusaClient(sandboxTransport(sandboxStore()));
}

/** The inbox's handler lookup for source "medusa", reading Medusa through the configured client. */
export const medusaInboundLookup = (name: string) => medusaHandlers(() => medusaClientFromEnv())(name);
