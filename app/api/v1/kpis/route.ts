import { getKpis, kpiQuerySchema } from "@/lib/kpi";
import { apiRoute } from "@/lib/http";

export const dynamic = "force-dynamic";

/** GET /api/v1/kpis?from&to&compare[&channel][&segment]: every dashboard figure, from the rollups. */
export const GET = apiRoute({ auth: "owner", query: kpiQuerySchema }, ({ db, query }) => getKpis(db, query));
