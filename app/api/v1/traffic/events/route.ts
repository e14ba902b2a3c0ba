import { apiRoute } from "@/lib/http";
import { eventsQuerySchema, listSessionEvents } from "@/lib/traffic";

export const dynamic = "force-dynamic";

/** GET /api/v1/traffic/events?sessionId=: a session's beacon events in order. */
export const GET = apiRoute({ auth: "owner", query: eventsQuerySchema }, async ({ db, query }) => ({
  events: await listSessionEvents(db, query.sessionId),
}));
