import type { Db } from "@/db";
import { describeIssues, errorResponse, HttpError, readText, zodIssues } from "@/lib/http";
import { storeInbound } from "@/lib/inbox";
import { systemClock, type Clock } from "@/lib/time";
import { medusaEnvelopeSchema } from "./envelope";
import { SIGNATURE_HEADER, verifySignature } from "./signature";

export const MEDUSA_SOURCE = "medusa";
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface ReceiveDeps {
  db: Db;
  /** MEDUSA_WEBHOOK_SECRET; unset means the receiver refuses everything (never accepts unsigned). */
  secret: string | undefined;
  /**
   * Hands the stored row to the active runner; must not throw (the sweep is the safety net).
   * Not awaited: the answer does not wait for it.
   */
  dispatch: (id: number) => Promise<unknown>;
  clock?: Clock;
}

/**
 * POST /api/webhooks/medusa. Checks the signature over the raw body, stores the event raw in the
 * inbox (unique on its id) before anything else, then hands it to the runner and answers 202.
 * A re-delivery answers 200 "duplicate" and changes nothing.
 */
export async function receiveMedusaWebhook(req: Request, deps: ReceiveDeps): Promise<Response> {
  const clock = deps.clock ?? systemClock;
  if (!deps.secret) {
    return errorResponse(
      503,
      "webhook_not_configured",
      "MEDUSA_WEBHOOK_SECRET is not set, so Kosha cannot verify Medusa webhooks and accepts none. Set it to the same value as KOSHA_WEBHOOK_SECRET in Medusa.",
    );
  }
  let raw: string;
  try {
    raw = await readText(req, MAX_WEBHOOK_BYTES);
  } catch (e) {
    if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message);
    throw e;
  }
  const check = verifySignature(
    req.headers.get(SIGNATURE_HEADER),
    raw,
    deps.secret,
    Math.floor(clock.now().getTime() / 1000),
  );
  if (!check.ok) return errorResponse(401, "invalid_signature", check.reason);

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return errorResponse(400, "invalid_body", "Request body is not valid JSON.");
  }
  const parsed = medusaEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return errorResponse(400, "invalid_body", `Invalid body: ${describeIssues(issues)}`, issues);
  }
  const event = parsed.data;
  const stored = await storeInbound(
    deps.db,
    {
      source: MEDUSA_SOURCE,
      externalId: event.id,
      name: event.name,
      rawBody: raw,
      payload: event,
      occurredAt: new Date(event.occurred_at),
    },
    clock,
  );
  if (stored.duplicate) return answer({ status: "duplicate", id: event.id }, 200);
  // The row is committed, so Medusa can have its answer now; a lost hand-off is the sweep's to pick up.
  handOff(deps.dispatch, stored.id);
  return answer({ status: "accepted", id: event.id }, 202);
}

function handOff(dispatch: ReceiveDeps["dispatch"], id: number): void {
  try {
    dispatch(id).catch((e: unknown) => logHandOffError(id, e));
  } catch (e) {
    logHandOffError(id, e);
  }
}

function logHandOffError(id: number, e: unknown): void {
  console.warn(
    JSON.stringify({
      level: "warn",
      msg: "inbound hand-off failed; the sweep will process it",
      id,
      error: String(e),
    }),
  );
}

/**
 * A JSON answer Next.js leaves uncompressed: it gzips any response whose length it does not know
 * (it drops a stated Content-Length), and a gzip stream for a few dozen bytes costs more CPU per
 * webhook than verifying and storing it. `no-transform` is the standard way to say "send as is".
 */
function answer(body: Record<string, unknown>, status: number): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store, no-transform" } });
}
