import { createHash } from "node:crypto";
import type { Db } from "@/db";
import { describeIssues, errorResponse, HttpError, readText, zodIssues } from "@/lib/http";
import { storeInbound } from "@/lib/inbox";
import { systemClock, type Clock } from "@/lib/time";
import { envelopeName, waEnvelopeSchema } from "./envelope";
import { WHATSAPP_SOURCE } from "./source";
import { verifyWhatsAppSignature, WHATSAPP_SIGNATURE_HEADER } from "./signature";

/** Meta's webhook bodies are small (a few statuses or messages); 1 MiB leaves ample room. */
export const MAX_WHATSAPP_WEBHOOK_BYTES = 1024 * 1024;

export interface ReceiveWhatsAppDeps {
  db: Db;
  /**
   * WHATSAPP_APP_SECRET. Unset means every POST is refused with 503, in the sandbox too: an
   * unsigned or default-secret webhook would let anyone write consent (a forged START opts a
   * stranger in to marketing), and a 503 makes Meta keep re-delivering for days, so nothing sent
   * before the secret is configured is lost. To exercise the sandbox, set any secret and sign
   * with it (whatsappSignature in this folder; the tests and the bench do).
   */
  secret: string | undefined;
  /** Hands the stored row to the active runner; not awaited, and a failure is the sweep's to pick up. */
  dispatch: (id: number) => Promise<unknown>;
  clock?: Clock;
}

/**
 * POST /api/webhooks/whatsapp. Reads the raw body (size-capped), checks Meta's signature over
 * it, checks the envelope, stores the body in the inbox before anything else and answers 200 at
 * once; statuses and messages are applied by the runner. The inbox key is the SHA-256 of the
 * raw body: Meta's retry of the same POST is then a no-op answered 200 "duplicate" (Meta's
 * signature has no timestamp, so this plus idempotent application is the replay protection).
 */
export async function receiveWhatsAppWebhook(req: Request, deps: ReceiveWhatsAppDeps): Promise<Response> {
  const clock = deps.clock ?? systemClock;
  if (!deps.secret) {
    return errorResponse(
      503,
      "webhook_not_configured",
      "WHATSAPP_APP_SECRET is not set, so Kosha cannot verify WhatsApp webhooks and accepts none. Set it to the Meta app's App Secret.",
    );
  }
  let raw: string;
  try {
    raw = await readText(req, MAX_WHATSAPP_WEBHOOK_BYTES);
  } catch (e) {
    if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message);
    throw e;
  }
  const check = verifyWhatsAppSignature(req.headers.get(WHATSAPP_SIGNATURE_HEADER), raw, deps.secret);
  if (!check.ok) return errorResponse(401, "invalid_signature", check.reason);

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return errorResponse(400, "invalid_body", "Request body is not valid JSON.");
  }
  const parsed = waEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return errorResponse(400, "invalid_body", `Invalid body: ${describeIssues(issues)}`, issues);
  }
  const externalId = createHash("sha256").update(raw, "utf8").digest("hex");
  const stored = await storeInbound(
    deps.db,
    { source: WHATSAPP_SOURCE, externalId, name: envelopeName(parsed.data), rawBody: raw, payload: json },
    clock,
  );
  if (stored.duplicate) return answer({ status: "duplicate", id: externalId });
  // The row is committed, so Meta can have its 200 now; a lost hand-off is the sweep's to pick up.
  handOff(deps.dispatch, stored.id);
  return answer({ status: "accepted", id: externalId });
}

/**
 * The 200 answer. `no-transform` and a Content-Length keep `next start`'s gzip off a 90-byte
 * body: at thousands of webhooks a second, compressing the answers cost more CPU than storing them.
 */
function answer(body: { status: "accepted" | "duplicate"; id: string }): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status: 200,
    headers: {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(text)),
      "cache-control": "no-store, no-transform",
    },
  });
}

function handOff(dispatch: ReceiveWhatsAppDeps["dispatch"], id: number): void {
  const warn = (e: unknown) =>
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "whatsapp hand-off failed; the sweep will process it",
        id,
        error: String(e),
      }),
    );
  try {
    dispatch(id).catch(warn);
  } catch (e) {
    warn(e);
  }
}
