import { nextRoute, webhookEndpoints } from "@/lib/ingest/webhook-endpoints";

export const dynamic = "force-dynamic";

/** Medusa events forwarded by Kosha's subscriber; the same handler also serves the webhook edge. */
export const POST = nextRoute(webhookEndpoints["/api/webhooks/medusa"].POST);
