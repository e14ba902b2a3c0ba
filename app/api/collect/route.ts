import { appDb } from "@/db";
import { readEnv } from "@/lib/config";
import { applyToRollups } from "@/lib/kpi";
import { errorResponse } from "@/lib/http";
import { systemClock } from "@/lib/time";
import { collectPreflight, handleCollect, parseStorefrontOrigins } from "@/lib/traffic";

/*
 * Public: the storefront beacon posts here from the shopper's browser (text/plain JSON via
 * sendBeacon, so usually no preflight). Not an apiRoute: it has no owner, answers CORS, and drops
 * bots before reading the body. Contract: lib/traffic/README.md.
 */
let origins: ReturnType<typeof parseStorefrontOrigins> | undefined;
const allowedOrigins = () => (origins ??= parseStorefrontOrigins(readEnv().KOSHA_STOREFRONT_ORIGINS));

export async function POST(req: Request): Promise<Response> {
  try {
    const { db } = await appDb();
    return await handleCollect(req, {
      db,
      clock: systemClock,
      origins: allowedOrigins(),
      onSessionChanged: (sessionId) => applyToRollups(db, { sessionIds: [sessionId] }),
    });
  } catch (e) {
    console.error(JSON.stringify({ level: "error", url: req.url, error: String((e as Error)?.stack ?? e) }));
    return errorResponse(500, "internal", "Something went wrong storing the event.");
  }
}

export function OPTIONS(req: Request): Response {
  return collectPreflight(req, allowedOrigins());
}
