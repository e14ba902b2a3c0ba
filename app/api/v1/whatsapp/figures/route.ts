import { apiRoute } from "@/lib/http";
import { systemClock } from "@/lib/time";
import { figuresWindowSchema, whatsappFigures } from "@/lib/whatsapp/figures";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/whatsapp/figures?from&to: per flow and per IST send day, messages sent and how many
 * were delivered, read, clicked, converted, the revenue credited and the cost (last 30 days by default).
 */
export const GET = apiRoute(
  { auth: "owner", query: figuresWindowSchema(systemClock) },
  async ({ db, query }) => whatsappFigures(db, query),
);
