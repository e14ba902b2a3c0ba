import { apiRoute } from "@/lib/http";
import { listVerdicts, verdictListQuery } from "@/lib/guard";

export const dynamic = "force-dynamic";

/** GET /api/v1/guard/skus?status=blocked|all: stored verdicts with reasons, since when, substitute, revenue at risk. */
export const GET = apiRoute({ auth: "owner", query: verdictListQuery }, async ({ db, query }) =>
  listVerdicts(db, query),
);
