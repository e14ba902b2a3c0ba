import { apiRoute } from "@/lib/http";
import { api, broadcastIdParam } from "@/lib/whatsapp/broadcast/api";

export const dynamic = "force-dynamic";

/** POST /api/v1/whatsapp/broadcasts/{id}/pause: holds what has not gone yet; start resumes it. */
export const POST = apiRoute({ auth: "owner" }, async ({ db, params }) =>
  api.pause(db, broadcastIdParam(params.id)),
);
