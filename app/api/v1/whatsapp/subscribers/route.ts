import { apiRoute } from "@/lib/http";
import { systemClock } from "@/lib/time";
import { consentSummary } from "@/lib/whatsapp/cockpit/subscribers";
import { listSubscribers, subscriberListQuery } from "@/lib/whatsapp/cockpit/subscriber-list";

export const dynamic = "force-dynamic";

/** GET /api/v1/whatsapp/subscribers?consent&after&limit: consent totals and one page of subscribers. */
export const GET = apiRoute({ auth: "owner", query: subscriberListQuery }, async ({ db, query }) => {
  const [summary, page] = await Promise.all([
    consentSummary(db, systemClock.now()),
    listSubscribers(db, query),
  ]);
  return { summary, ...page };
});
