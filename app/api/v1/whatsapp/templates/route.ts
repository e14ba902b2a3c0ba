import { apiRoute } from "@/lib/http";
import { listTemplates } from "@/lib/whatsapp/cockpit/templates";

export const dynamic = "force-dynamic";

/** GET /api/v1/whatsapp/templates: every template with Meta's verdict, body text and placeholder count. */
export const GET = apiRoute({ auth: "owner" }, async ({ db }) => ({ items: await listTemplates(db) }));
