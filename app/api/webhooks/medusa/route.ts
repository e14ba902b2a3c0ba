import { randomUUID } from "node:crypto";
import { appDb } from "@/db";
import { readEnv } from "@/lib/config";
import { errorResponse } from "@/lib/http";
import { receiveMedusaWebhook } from "@/lib/medusa";
import { dispatchInbound } from "@/lib/runner";

export const dynamic = "force-dynamic";

/** Medusa events forwarded by Kosha's subscriber (integrations/medusa-subscriber). */
export async function POST(req: Request): Promise<Response> {
  try {
    const env = readEnv();
    const { db } = await appDb();
    return await receiveMedusaWebhook(req, {
      db,
      secret: env.MEDUSA_WEBHOOK_SECRET,
      dispatch: (id) => dispatchInbound(id, { env }),
    });
  } catch (e) {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    console.error(
      JSON.stringify({
        level: "error",
        requestId,
        route: "webhooks/medusa",
        error: String((e as Error)?.stack ?? e),
      }),
    );
    return errorResponse(500, "internal", `Something went wrong; quote request id ${requestId}.`);
  }
}
