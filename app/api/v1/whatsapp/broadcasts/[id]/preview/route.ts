import { apiRoute } from "@/lib/http";
import { api, broadcastIdParam } from "@/lib/whatsapp/broadcast/api";

export const dynamic = "force-dynamic";

/** GET /api/v1/whatsapp/broadcasts/{id}/preview: who it would reach now, what it costs, how long it takes. */
export const GET = apiRoute({ auth: "owner" }, async ({ db, params }) =>
  api.previewStored(db, broadcastIdParam(params.id)),
);
