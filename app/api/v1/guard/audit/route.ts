import { apiRoute } from "@/lib/http";
import { auditListQuery, listAudit } from "@/lib/guard";

export const dynamic = "force-dynamic";

/** GET /api/v1/guard/audit?limit&before&sku: suppressed promotions, newest first (keyset paging on id). */
export const GET = apiRoute({ auth: "owner", query: auditListQuery }, async ({ db, query }) =>
  listAudit(db, query),
);
