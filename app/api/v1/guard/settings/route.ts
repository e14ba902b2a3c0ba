import { apiRoute } from "@/lib/http";
import { guardSettingsSchema, readGuardSettings, saveGuardSettings } from "@/lib/guard";

export const dynamic = "force-dynamic";

/** GET /api/v1/guard/settings: thresholds (low stock, dead days, margin inputs). */
export const GET = apiRoute({ auth: "owner" }, async ({ db }) => ({ settings: await readGuardSettings(db) }));

/** PUT /api/v1/guard/settings: replaces them (omitted fields take defaults); promote paths use them at once. */
export const PUT = apiRoute({ auth: "owner", body: guardSettingsSchema }, async ({ db, body }) => ({
  settings: await saveGuardSettings(db, body),
}));
