import { apiRoute } from "@/lib/http";
import { recomputeAllSegments } from "@/lib/segments";
import { systemClock } from "@/lib/time";

export const dynamic = "force-dynamic";

/** POST /api/v1/segments/recompute: full recompute now (after editing rules or the festival calendar). */
export const POST = apiRoute({ auth: "owner" }, async ({ db }) => {
  const { entered, left, ms } = await recomputeAllSegments(db, systemClock);
  return { entered, left, ms };
});
