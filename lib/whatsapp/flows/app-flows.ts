import { appDb } from "@/db";
import { readEnv, transports, type Env } from "@/lib/config";
import { createWhatsAppClient } from "../client";
import { whatsappIdsFromEnv, whatsappTransportFromEnv } from "../transport/from-env";
import { FlowPoller, type FlowPollerStatus } from "./poller";

/*
 * The app's one in-process flow poller, on globalThis like the dispatcher beside it
 * (outbox/app-dispatcher.ts). Started from instrumentation.ts when no Inngest is configured;
 * with Inngest, the whatsapp-cart-recovery / order-updates / catalog-sync functions run the flows.
 */
const g = globalThis as unknown as { __koshaWaFlows?: Promise<FlowPoller> };

export function startWhatsAppFlows(env: Env = readEnv()): Promise<FlowPoller> {
  g.__koshaWaFlows ??= appDb().then(({ db }) => {
    const ids = whatsappIdsFromEnv(env);
    const p = new FlowPoller({
      db,
      publicUrl: env.KOSHA_PUBLIC_URL,
      catalogClient: createWhatsAppClient({
        transport: whatsappTransportFromEnv(db, env),
        phoneNumberId: ids.phoneNumberId,
        wabaId: ids.wabaId,
      }),
    });
    p.start();
    return p;
  });
  g.__koshaWaFlows.catch(() => {
    g.__koshaWaFlows = undefined;
  });
  return g.__koshaWaFlows;
}

/** Called at server start: runs the flow poller unless Inngest is configured. */
export async function startWhatsAppFlowsIfInProcess(env: Env = readEnv()): Promise<void> {
  if (transports(env).inngest !== "in-process") return;
  try {
    await startWhatsAppFlows(env);
  } catch (e) {
    console.error(JSON.stringify({ level: "error", msg: "whatsapp flows did not start", error: String(e) }));
  }
}

/** For /api/health and the WhatsApp page: the in-process flow poller's state, if it runs here. */
export async function whatsappFlowsStatus(): Promise<FlowPollerStatus | null> {
  const p = g.__koshaWaFlows ? await g.__koshaWaFlows.catch(() => undefined) : undefined;
  return p?.status() ?? null;
}
