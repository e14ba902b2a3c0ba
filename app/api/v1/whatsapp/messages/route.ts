import { apiRoute } from "@/lib/http";
import { listMessages, messageLogQuerySchema } from "@/lib/whatsapp/cockpit/message-log";

export const dynamic = "force-dynamic";

/** GET /api/v1/whatsapp/messages?flow&status&broadcastId&before&limit: the message log, newest first. */
export const GET = apiRoute({ auth: "owner", query: messageLogQuerySchema }, async ({ db, query }) =>
  listMessages(db, query),
);
