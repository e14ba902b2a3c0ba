import type { z } from "zod";
import type { Db } from "@/db";
import {
  describeIssues,
  errorReply,
  isReply,
  jsonReply,
  readRawInput,
  zodIssues,
  type RawInput,
  type Reply,
} from "@/lib/http";
import { systemClock, type Clock } from "@/lib/time";
import { storeInbound } from "./store";

/*
 * The one receive path every signed webhook takes (Medusa, WhatsApp): refuse all when no secret
 * is configured, read the raw body under a size cap, check the signature over those exact bytes,
 * parse and check the envelope, store the raw event in the inbox before anything else, hand the
 * row to the runner without waiting, answer (a plain Reply: lib/http/reply.ts says why). What
 * differs per source is passed in: the signature scheme, the envelope schema, how an envelope
 * becomes an inbox row, and the status of a fresh accept (Medusa's forwarder takes 202; Meta
 * wants 200).
 */

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** A webhook as the receive path needs it (lib/http RawInput: a header lookup, the raw body). */
export type SignedInput = RawInput;

export interface SignedSource<T> {
  /** inbound_events.source */
  source: string;
  maxBytes: number;
  /** Said (503) while the secret is unset: which variable to set, to what. */
  notConfigured: string;
  verify(header: SignedInput["header"], raw: string, secret: string, now: Date): SignatureCheck;
  envelope: z.ZodType<T>;
  /** The inbox row for a valid envelope (`json`: the body as parsed, before the schema). */
  toInbound(
    envelope: T,
    raw: string,
    json: unknown,
  ): { externalId: string; name: string; payload: unknown; occurredAt?: Date };
  acceptedStatus: 200 | 202;
}

export interface SignedReceiveDeps {
  db: Db;
  /** Unset: every POST is refused with 503 (never accepted unsigned); senders retry later. */
  secret: string | undefined;
  /** Hands the stored row to the active runner; not awaited, and a failure is the sweep's to pick up. */
  dispatch: (id: number) => Promise<unknown>;
  clock?: Clock;
}

export async function receiveSigned<T>(
  req: Request | SignedInput,
  spec: SignedSource<T>,
  deps: SignedReceiveDeps,
): Promise<Reply> {
  const clock = deps.clock ?? systemClock;
  if (!deps.secret) return errorReply(503, "webhook_not_configured", spec.notConfigured);
  const input = req instanceof Request ? await readRawInput(req, spec.maxBytes) : req;
  if (isReply(input)) return input;
  const raw = input.body;
  if (Buffer.byteLength(raw, "utf8") > spec.maxBytes) {
    return errorReply(413, "payload_too_large", `Body over ${spec.maxBytes} bytes.`);
  }
  const check = spec.verify(input.header, raw, deps.secret, clock.now());
  if (!check.ok) return errorReply(401, "invalid_signature", check.reason);

  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return errorReply(400, "invalid_body", "Request body is not valid JSON.");
  }
  const parsed = spec.envelope.safeParse(json);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return errorReply(400, "invalid_body", `Invalid body: ${describeIssues(issues)}`, issues);
  }
  const row = spec.toInbound(parsed.data, raw, json);
  const stored = await storeInbound(deps.db, { source: spec.source, rawBody: raw, ...row }, clock);
  if (stored.duplicate) return jsonReply(200, { status: "duplicate", id: row.externalId });
  // The row is committed, so the sender can have its answer now.
  handOff(deps.dispatch, stored.id, spec.source);
  return jsonReply(spec.acceptedStatus, { status: "accepted", id: row.externalId });
}

function handOff(dispatch: SignedReceiveDeps["dispatch"], id: number, source: string): void {
  const warn = (e: unknown) =>
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "inbound hand-off failed; the sweep will process it",
        source,
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
