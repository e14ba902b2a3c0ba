import { apiRoute } from "@/lib/http";
import { medusaClientFromEnv } from "@/lib/medusa";
import { medusaGroupsApi, pushSegmentsToMedusa } from "@/lib/segments";
import { systemClock } from "@/lib/time";

export const dynamic = "force-dynamic";

/** POST /api/v1/segments/push: mirror every segment into a Medusa customer group (idempotent). */
export const POST = apiRoute({ auth: "owner" }, async ({ db }) => ({
  groups: await pushSegmentsToMedusa(db, medusaGroupsApi(medusaClientFromEnv()), { clock: systemClock }),
}));
