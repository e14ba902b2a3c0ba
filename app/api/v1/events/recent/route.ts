import { apiRoute } from "@/lib/http";
import { recentEvents, recentEventsQuery } from "@/lib/mirror";
import { runnerMode } from "@/lib/runner";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/events/recent?name=&limit=: the events this process emitted in-process (sku
 * blocked/unblocked, segment changes), newest first. With Inngest active they go to Inngest and
 * this list stays empty: `runner` says which.
 */
export const GET = apiRoute({ auth: "owner", query: recentEventsQuery }, async ({ query }) => ({
  runner: runnerMode(),
  events: recentEvents(query),
}));
