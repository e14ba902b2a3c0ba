import { apiRoute } from "@/lib/http";
import { readSegmentSettings, saveSegmentSettings, segmentSettingsSchema } from "@/lib/segments";

export const dynamic = "force-dynamic";

/** GET /api/v1/segments/settings: the thresholds behind the rules. */
export const GET = apiRoute({ auth: "owner" }, async ({ db }) => ({
  settings: await readSegmentSettings(db),
}));

/** PUT /api/v1/segments/settings: replaces them (omitted fields take defaults); applies at the next recompute. */
export const PUT = apiRoute({ auth: "owner", body: segmentSettingsSchema }, async ({ db, body }) => ({
  settings: await saveSegmentSettings(db, body),
}));
