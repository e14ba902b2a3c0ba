import { apiRoute } from "@/lib/http";
import { readSegmentSettings, segmentOverview } from "@/lib/segments";
import { systemClock } from "@/lib/time";
import { z } from "zod";

export const dynamic = "force-dynamic";

const query = z.object({ trendDays: z.coerce.number().int().min(7).max(365).default(90) });

/** GET /api/v1/segments: every segment with its rule, size, revenue share, AOV, repeat rate, LTV and size trend. */
export const GET = apiRoute({ auth: "owner", query }, async ({ db, query }) => ({
  segments: await segmentOverview(db, systemClock, query.trendDays),
  settings: await readSegmentSettings(db),
}));
