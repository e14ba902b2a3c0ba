import { apiRoute } from "@/lib/http";
import { api, broadcastIdParam } from "@/lib/whatsapp/broadcast/api";

export const dynamic = "force-dynamic";

/** GET /api/v1/whatsapp/broadcasts/{id}: status and live progress (queued, sent, failed, skipped). */
export const GET = apiRoute({ auth: "owner" }, async ({ db, params }) =>
  api.progress(db, broadcastIdParam(params.id)),
);
