import { appDb } from "@/db";
import { readEnv, transports, type Env } from "@/lib/config";
import { whatsappIdsFromEnv, whatsappTransportFromEnv } from "../transport/from-env";
import { WhatsAppDispatcher, type WhatsAppDispatcherStatus } from "./dispatcher";

/*
 * The app's one in-process WhatsApp dispatcher, on globalThis like the inbox runner (Next.js
 * loads instrumentation.ts and each route in separate bundles). Started from instrumentation.ts
 * when no Inngest is configured; with Inngest, inngest/functions/whatsapp-dispatch.ts sends.
 */
const g = globalThis as unknown as { __koshaWaDispatcher?: Promise<WhatsAppDispatcher> };

export function startWhatsAppDispatcher(env: Env = readEnv()): Promise<WhatsAppDispatcher> {
  g.__koshaWaDispatcher ??= appDb().then(({ db }) => {
    const d = new WhatsAppDispatcher({
      db,
      transport: whatsappTransportFromEnv(db, env),
      phoneNumberId: whatsappIdsFromEnv(env).phoneNumberId,
    });
    d.start();
    return d;
  });
  g.__koshaWaDispatcher.catch(() => {
    g.__koshaWaDispatcher = undefined;
  });
  return g.__koshaWaDispatcher;
}

/** Called at server start: runs the in-process dispatcher unless Inngest is configured. */
export async function startWhatsAppDispatcherIfInProcess(env: Env = readEnv()): Promise<void> {
  if (transports(env).inngest !== "in-process") return;
  try {
    await startWhatsAppDispatcher(env);
  } catch (e) {
    console.error(
      JSON.stringify({ level: "error", msg: "whatsapp dispatcher did not start", error: String(e) }),
    );
  }
}

/** For /api/health and the WhatsApp page: the in-process dispatcher's state, if it runs here. */
export async function whatsappDispatcherStatus(): Promise<WhatsAppDispatcherStatus | null> {
  const d = g.__koshaWaDispatcher ? await g.__koshaWaDispatcher.catch(() => undefined) : undefined;
  return d?.status() ?? null;
}
