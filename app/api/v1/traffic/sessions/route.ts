import { apiRoute } from "@/lib/http";
import { listVisitorSessions, sessionsQuerySchema } from "@/lib/traffic";

export const dynamic = "force-dynamic";

/** GET /api/v1/traffic/sessions?visitorId=: a beacon visitor's sessions, newest first. */
export const GET = apiRoute({ auth: "owner", query: sessionsQuerySchema }, async ({ db, query }) => ({
  sessions: await listVisitorSessions(db, query.visitorId),
}));
