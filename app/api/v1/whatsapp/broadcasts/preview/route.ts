import { apiRoute } from "@/lib/http";
import { broadcastDraftSchema } from "@/lib/whatsapp/broadcast";
import { api } from "@/lib/whatsapp/broadcast/api";

export const dynamic = "force-dynamic";

/** POST /api/v1/whatsapp/broadcasts/preview: recipients, exclusions, cost and duration of a draft, unsaved. */
export const POST = apiRoute({ auth: "owner", body: broadcastDraftSchema }, async ({ db, body }) =>
  api.previewDraft(db, body),
);
