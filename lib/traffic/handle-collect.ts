import type { Db } from "@/db";
import { clientIp } from "@/lib/auth";
import { HttpError, readText, zodIssues, describeIssues } from "@/lib/http";
import type { Clock } from "@/lib/time";
import { isBotUserAgent } from "./bots";
import { COLLECT_MAX_BODY_BYTES, collectEventSchema, timestampProblem } from "./collect-schema";
import { COLLECT_RATE_LIMIT, hitCollectRateLimit, type CollectRateLimit } from "./collect-rate-limit";
import { recordCollectEvent } from "./record-event";
import { corsHeaders, originAllowed, type StorefrontOrigins } from "./storefront-origins";

export interface CollectDeps {
  db: Db;
  clock: Clock;
  origins: StorefrontOrigins;
  limits?: CollectRateLimit;
  /**
   * Runs when a session was created or got a (new) cart id: KPI rollup upkeep. Its failure is
   * logged, not answered: the event is stored and rollups can be rebuilt from it.
   */
  onSessionChanged?: (sessionId: string) => Promise<unknown>;
}

/**
 * POST /api/collect, whole: origin, bots, size, schema, clock, rate limit, then store. Each refusal
 * happens before anything is written. Answers: 202 `{ stored, duplicate }`, 204 for a dropped bot,
 * 400 forged or malformed, 403 origin not allowed, 409 session of another visitor, 413 too large,
 * 429 rate-limited (with Retry-After).
 */
export async function handleCollect(req: Request, deps: CollectDeps): Promise<Response> {
  const origin = req.headers.get("origin");
  const cors = corsHeaders(origin, deps.origins);
  const fail = (
    status: number,
    code: string,
    message: string,
    extra: { issues?: unknown[]; headers?: Record<string, string> } = {},
  ) =>
    Response.json(
      { error: { code, message, ...(extra.issues ? { issues: extra.issues } : {}) } },
      { status, headers: { ...cors, ...extra.headers } },
    );

  if (!originAllowed(origin, deps.origins)) {
    return fail(403, "origin_not_allowed", `Origin ${origin} is not in KOSHA_STOREFRONT_ORIGINS.`);
  }
  // Link previewers and crawlers are not visits; a 204 tells them nothing worth retrying.
  if (isBotUserAgent(req.headers.get("user-agent")))
    return new Response(null, { status: 204, headers: cors });

  let text: string;
  try {
    text = await readText(req, COLLECT_MAX_BODY_BYTES);
  } catch (e) {
    if (e instanceof HttpError) return fail(e.status, e.code, e.message);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(400, "invalid_body", "Body is not JSON (send the event as JSON, text/plain is fine).");
  }
  const parsed = collectEventSchema.safeParse(json);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return fail(400, "invalid_body", `Invalid event: ${describeIssues(issues)}`, { issues });
  }
  const event = parsed.data;
  const now = deps.clock.now();
  const clockProblem = timestampProblem(event.at, now);
  if (clockProblem) {
    return fail(400, "invalid_timestamp", clockProblem, { issues: [{ path: "at", message: clockProblem }] });
  }

  const gate = await hitCollectRateLimit(
    deps.db,
    { visitorId: event.visitorId, ip: clientIp(req.headers) },
    now,
    deps.limits ?? COLLECT_RATE_LIMIT,
  );
  if (!gate.allowed) {
    return fail(
      429,
      "rate_limited",
      `Too many events from this ${gate.scope}; retry in ${gate.retryAfterSeconds}s.`,
      {
        headers: { "Retry-After": String(gate.retryAfterSeconds) },
      },
    );
  }

  const result = await recordCollectEvent(deps.db, event, now);
  if (result.status === "session_conflict") {
    return fail(409, "session_conflict", "This session id belongs to another visitor.");
  }
  if (result.sessionChanged && deps.onSessionChanged) {
    try {
      await deps.onSessionChanged(result.sessionId);
    } catch (e) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "collect: rollup upkeep failed",
          event: event.id,
          error: String(e),
        }),
      );
    }
  }
  return Response.json(
    { stored: result.status === "stored", duplicate: result.status === "duplicate" },
    { status: 202, headers: cors },
  );
}

/** The answer to a CORS preflight for /api/collect. */
export function collectPreflight(req: Request, origins: StorefrontOrigins): Response {
  const origin = req.headers.get("origin");
  if (!originAllowed(origin, origins))
    return new Response(null, { status: 403, headers: { Vary: "Origin" } });
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin, origins),
      "Access-Control-Allow-Methods": "POST, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "86400",
    },
  });
}
