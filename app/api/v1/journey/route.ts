import { apiRoute } from "@/lib/http";
import { getJourney, journeyQuerySchema } from "@/lib/journey";

export const dynamic = "force-dynamic";

/** GET /api/v1/journey?from&to: the journey map's numbers per stage for a window of IST days. */
export const GET = apiRoute({ auth: "owner", query: journeyQuerySchema }, ({ db, query }) =>
  getJourney(db, query),
);
