import { nextRoute, webhookEndpoints } from "@/lib/ingest/webhook-endpoints";

export const dynamic = "force-dynamic";

/** Meta's handshake and WhatsApp webhooks; the same handlers also serve the webhook edge. */
export const GET = nextRoute(webhookEndpoints["/api/webhooks/whatsapp"].GET);
export const POST = nextRoute(webhookEndpoints["/api/webhooks/whatsapp"].POST);
