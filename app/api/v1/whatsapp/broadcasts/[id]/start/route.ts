import { apiRoute } from "@/lib/http";
import { api, broadcastIdParam } from "@/lib/whatsapp/broadcast/api";

export const dynamic = "force-dynamic";

/** POST /api/v1/whatsapp/broadcasts/{id}/start: starts a draft (or resumes a paused one); 409 otherwise. */
export const POST = apiRoute({ auth: "owner" }, async ({ db, params }) =>
  api.start(db, broadcastIdParam(params.id)),
);
