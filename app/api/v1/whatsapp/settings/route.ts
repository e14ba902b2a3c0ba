import { apiRoute, describeIssues, HttpError } from "@/lib/http";
import { changeWhatsAppSettings, settingsChangeSchema } from "@/lib/whatsapp/flow-switches";
import { readWhatsAppSettings } from "@/lib/whatsapp/settings";

export const dynamic = "force-dynamic";

/** GET /api/v1/whatsapp/settings: pressure budget, throughput, prices, flow switches and delays. */
export const GET = apiRoute({ auth: "owner" }, async ({ db }) => ({
  settings: await readWhatsAppSettings(db),
}));

/**
 * PUT /api/v1/whatsapp/settings: any part of the settings, e.g. `{ "flows": { "cartRecovery":
 * { "enabled": false } } }`; omitted fields keep their saved value. 400 lists every problem.
 */
export const PUT = apiRoute({ auth: "owner", body: settingsChangeSchema }, async ({ db, body }) => {
  const result = await changeWhatsAppSettings(db, body);
  if (!result.ok) {
    throw new HttpError(
      400,
      "invalid_body",
      `Invalid settings: ${describeIssues(result.issues)}`,
      result.issues,
    );
  }
  return { settings: result.settings };
});
