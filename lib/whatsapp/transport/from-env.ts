import type { Db } from "@/db";
import { readEnv, transports, type Env } from "@/lib/config";
import type { Clock } from "@/lib/time";
import { createLiveTransport } from "./live";
import { createSandboxTransport } from "./sandbox";
import type { WhatsAppTransport } from "./types";

/** The Graph ids Kosha sends from; in the sandbox, stand-ins that read as such in the request log. */
export interface WhatsAppIds {
  phoneNumberId: string;
  wabaId: string;
}

export function whatsappIdsFromEnv(env: Env = readEnv()): WhatsAppIds {
  return {
    phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID ?? "sandbox-phone-number",
    wabaId: env.WHATSAPP_WABA_ID ?? "sandbox-waba",
  };
}

/** Live when the token and phone number id are set (transports(env).whatsapp), else the sandbox. */
export function whatsappTransportFromEnv(
  db: Db,
  env: Env = readEnv(),
  opts: { clock?: Clock } = {},
): WhatsAppTransport {
  if (transports(env).whatsapp === "live") {
    return createLiveTransport({
      graphUrl: env.WHATSAPP_GRAPH_URL,
      apiVersion: env.WHATSAPP_API_VERSION,
      token: env.WHATSAPP_TOKEN!,
    });
  }
  return createSandboxTransport(db, { clock: opts.clock });
}
