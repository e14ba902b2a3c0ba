import { randomUUID } from "node:crypto";
import { appDb } from "@/db";
import { readEnv, type Env } from "@/lib/config";
import { errorReply, isReply, readRawInput, replyResponse, type RawInput, type Reply } from "@/lib/http";
import { receiveMedusaWebhook } from "@/lib/medusa";
import { dispatchInbound } from "@/lib/runner";
import { receiveWhatsAppWebhook, verifySubscription } from "@/lib/whatsapp/webhook";

/*
 * The webhook endpoints as plain input → Reply functions, served twice: by the Next.js
 * routes under app/api/webhooks/ and by the webhook edge (lib/ingest/edge-server.ts), a bare
 * node:http listener on KOSHA_WEBHOOK_PORT for the thousands-per-second bursts Meta and Medusa
 * send (Next's own per-request work costs more CPU than storing a webhook). Same code, same
 * answers, either way.
 */
/** What a webhook handler reads: the URL, a header lookup and the raw body, already read. */
export interface WebhookInput extends RawInput {
  url: URL;
}
export type WebhookHandler = (input: WebhookInput) => Promise<Reply>;
export type WebhookEndpoint = Partial<Record<"GET" | "POST", WebhookHandler>>;

/**
 * Bodies are read up to this much before a handler runs (both senders' caps are 1 MiB; a larger
 * body is answered 413 by the handler's own check, which sees one byte too many).
 */
export const WEBHOOK_READ_LIMIT = 1024 * 1024 + 1;

/** An unexpected error answers 500 with a request id to quote, never internals. */
function guarded(route: string, handler: WebhookHandler): WebhookHandler {
  return async (input) => {
    try {
      return await handler(input);
    } catch (e) {
      const requestId = input.header("x-request-id") ?? randomUUID();
      console.error(
        JSON.stringify({ level: "error", requestId, route, error: String((e as Error)?.stack ?? e) }),
      );
      return errorReply(500, "internal", `Something went wrong; quote request id ${requestId}.`);
    }
  };
}

/** The Next.js route for a handler: the request's body read under the cap, then the handler. */
export function nextRoute(handler: WebhookHandler): (req: Request) => Promise<Response> {
  return async (req) => {
    const input = await readRawInput(req, WEBHOOK_READ_LIMIT);
    return replyResponse(isReply(input) ? input : await handler({ ...input, url: new URL(req.url) }));
  };
}

/** Where a stored row goes next: the active runner, or (in the edge thread) the app's main thread. */
export type InboundDispatch = (id: number) => Promise<unknown>;

/**
 * The endpoints, with the hand-off for stored rows passed in (the edge thread posts ids home),
 * and where the configuration comes from: read per request by default; the edge thread reads
 * it once (its environment is a copy taken when it started; readEnv per webhook cost 4% of it).
 */
export function createWebhookEndpoints(dispatch: InboundDispatch, env: () => Env = () => readEnv()) {
  return {
    /** Medusa events forwarded by Kosha's subscriber (integrations/medusa-subscriber). */
    "/api/webhooks/medusa": {
      POST: guarded("webhooks/medusa", async (input) => {
        const { db } = await appDb();
        return receiveMedusaWebhook(input, { db, secret: env().MEDUSA_WEBHOOK_SECRET, dispatch });
      }),
    },
    /** WhatsApp Cloud API: the subscription handshake, then statuses, messages, template updates. */
    "/api/webhooks/whatsapp": {
      GET: guarded("webhooks/whatsapp", async (input) =>
        verifySubscription(input.url, env().WHATSAPP_VERIFY_TOKEN),
      ),
      POST: guarded("webhooks/whatsapp", async (input) => {
        const { db } = await appDb();
        return receiveWhatsAppWebhook(input, { db, secret: env().WHATSAPP_APP_SECRET, dispatch });
      }),
    },
  } satisfies Record<string, WebhookEndpoint>;
}

/** The app's hand-off: a stored row goes to the active runner (in-process or Inngest). */
export const appDispatch: InboundDispatch = (id) => dispatchInbound(id, { env: readEnv() });

/** The app's endpoints: stored rows go straight to the active runner in this thread. */
export const webhookEndpoints = createWebhookEndpoints(appDispatch);

export type WebhookPath = keyof typeof webhookEndpoints;
