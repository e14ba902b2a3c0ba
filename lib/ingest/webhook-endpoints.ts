import { randomUUID } from "node:crypto";
import { appDb } from "@/db";
import { readEnv } from "@/lib/config";
import { errorResponse } from "@/lib/http";
import { receiveMedusaWebhook } from "@/lib/medusa";
import { dispatchInbound } from "@/lib/runner";
import { receiveWhatsAppWebhook, verifySubscription } from "@/lib/whatsapp/webhook";

/*
 * The webhook endpoints as plain Request → Response functions, served twice: by the Next.js
 * routes under app/api/webhooks/ and by the webhook edge (lib/ingest/edge-server.ts), a bare
 * node:http listener on KOSHA_WEBHOOK_PORT for the thousands-per-second bursts Meta and Medusa
 * send (Next's own per-request work costs more CPU than storing a webhook). Same code, same
 * answers, either way.
 */
export type WebhookHandler = (req: Request) => Promise<Response>;
export type WebhookEndpoint = Partial<Record<"GET" | "POST", WebhookHandler>>;

/** An unexpected error answers 500 with a request id to quote, never internals. */
function guarded(route: string, handler: WebhookHandler): WebhookHandler {
  return async (req) => {
    try {
      return await handler(req);
    } catch (e) {
      const requestId = req.headers.get("x-request-id") ?? randomUUID();
      console.error(
        JSON.stringify({ level: "error", requestId, route, error: String((e as Error)?.stack ?? e) }),
      );
      return errorResponse(500, "internal", `Something went wrong; quote request id ${requestId}.`);
    }
  };
}

export const webhookEndpoints = {
  /** Medusa events forwarded by Kosha's subscriber (integrations/medusa-subscriber). */
  "/api/webhooks/medusa": {
    POST: guarded("webhooks/medusa", async (req) => {
      const env = readEnv();
      const { db } = await appDb();
      return receiveMedusaWebhook(req, {
        db,
        secret: env.MEDUSA_WEBHOOK_SECRET,
        dispatch: (id) => dispatchInbound(id, { env }),
      });
    }),
  },
  /** WhatsApp Cloud API: the subscription handshake, then statuses, messages, template updates. */
  "/api/webhooks/whatsapp": {
    GET: guarded("webhooks/whatsapp", async (req) =>
      verifySubscription(new URL(req.url), readEnv().WHATSAPP_VERIFY_TOKEN),
    ),
    POST: guarded("webhooks/whatsapp", async (req) => {
      const env = readEnv();
      const { db } = await appDb();
      return receiveWhatsAppWebhook(req, {
        db,
        secret: env.WHATSAPP_APP_SECRET,
        dispatch: (id) => dispatchInbound(id, { env }),
      });
    }),
  },
} satisfies Record<string, WebhookEndpoint>;

export type WebhookPath = keyof typeof webhookEndpoints;
