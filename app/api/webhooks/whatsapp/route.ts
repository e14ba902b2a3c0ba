import { randomUUID } from "node:crypto";
import { appDb } from "@/db";
import { readEnv } from "@/lib/config";
import { errorResponse } from "@/lib/http";
import { dispatchInbound } from "@/lib/runner";
import { receiveWhatsAppWebhook, verifySubscription } from "@/lib/whatsapp/webhook";

export const dynamic = "force-dynamic";

/** Meta's subscription handshake (hub.mode, hub.verify_token, hub.challenge). */
export async function GET(req: Request): Promise<Response> {
  return verifySubscription(new URL(req.url), readEnv().WHATSAPP_VERIFY_TOKEN);
}

/** WhatsApp Cloud API webhooks: delivery statuses, customer messages, template status updates. */
export async function POST(req: Request): Promise<Response> {
  try {
    const env = readEnv();
    const { db } = await appDb();
    return await receiveWhatsAppWebhook(req, {
      db,
      secret: env.WHATSAPP_APP_SECRET,
      dispatch: (id) => dispatchInbound(id, { env }),
    });
  } catch (e) {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    console.error(
      JSON.stringify({
        level: "error",
        requestId,
        route: "webhooks/whatsapp",
        error: String((e as Error)?.stack ?? e),
      }),
    );
    return errorResponse(500, "internal", `Something went wrong; quote request id ${requestId}.`);
  }
}
