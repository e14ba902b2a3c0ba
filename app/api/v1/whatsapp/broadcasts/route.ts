import { apiRoute } from "@/lib/http";
import { broadcastDraftSchema } from "@/lib/whatsapp/broadcast";
import { api, broadcastListQuery } from "@/lib/whatsapp/broadcast/api";

export const dynamic = "force-dynamic";

/** GET /api/v1/whatsapp/broadcasts?limit&before: broadcasts newest first, with progress counters. */
export const GET = apiRoute({ auth: "owner", query: broadcastListQuery }, async ({ db, query }) =>
  api.list(db, query),
);

/**
 * POST /api/v1/whatsapp/broadcasts: compose a draft `{ name, segmentKey, templateName, language,
 * params, skus, allowSwap?, ratePerSecond? }`. 400/404 name what is wrong; 422 when the guard blocks
 * a featured SKU (with its reasons).
 */
export const POST = apiRoute({ auth: "owner", body: broadcastDraftSchema }, async ({ db, body }) =>
  api.create(db, body),
);
