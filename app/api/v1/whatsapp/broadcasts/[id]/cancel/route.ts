import { apiRoute } from "@/lib/http";
import { api, broadcastIdParam } from "@/lib/whatsapp/broadcast/api";

export const dynamic = "force-dynamic";

/** POST /api/v1/whatsapp/broadcasts/{id}/cancel: what has not gone yet is skipped as canceled. */
export const POST = apiRoute({ auth: "owner" }, async ({ db, params }) =>
  api.cancel(db, broadcastIdParam(params.id)),
);
