import type { Db } from "@/db";
import type { Clock } from "@/lib/time";
import { noteInbound, optIn, optOut } from "../consent";
import type { EnqueueOutcome, MessageDraft } from "../outbox/types";
import { normalizePhone } from "../phone";
import type { WhatsAppSettings } from "../settings";
import type { WaInboundMessage, WaMessagesValue } from "./envelope";
import { messageKeyword } from "./keywords";
import { consentReplyDraft } from "./replies";
import { codAnswer, recordCodAnswer } from "./cod-answers";
import { readWhatsAppSettings } from "../settings";

/** lib/whatsapp/outbox enqueueMessages, passed in so the apply step can be tested and wired freely. */
export type EnqueueMessages = (
  db: Db,
  drafts: MessageDraft[],
  deps: { clock: Clock; settings?: WhatsAppSettings },
) => Promise<EnqueueOutcome[]>;

export interface InboundDeps {
  clock: Clock;
  settings?: WhatsAppSettings;
  enqueue: EnqueueMessages;
}

export type InboundResult = "noted" | "opted_out" | "opted_in" | "order" | "cod_answer" | "bad_phone";

/**
 * One customer message: it opens (refreshes) the 24 h service window; a whole-message consent
 * keyword (or a STOP / OPT_OUT button) is recorded in the ledger keyed by the message's wamid and
 * confirmed with a one-line service reply; a tapped COD-prompt button records the customer's answer
 * and is answered (cod-answers.ts). Cart orders (type "order") only open the window here;
 * their raw event stays in the inbox. Every step is idempotent, so a re-delivery changes nothing.
 */
export async function applyInboundMessage(
  db: Db,
  m: WaInboundMessage,
  contacts: WaMessagesValue["contacts"],
  deps: InboundDeps,
): Promise<InboundResult> {
  const phone = normalizePhone(m.from);
  if (!phone) return "bad_phone";
  const at = new Date(m.timestamp * 1000);
  const name = contacts?.find((c) => c.wa_id === m.from)?.profile?.name ?? null;
  await noteInbound(db, phone, at, deps.clock, name);
  const cod = codAnswer(m);
  if (cod) {
    const settings = deps.settings ?? (await readWhatsAppSettings(db));
    const reply = await recordCodAnswer(db, phone, m, cod, at, settings);
    if (reply) await deps.enqueue(db, [reply], { clock: deps.clock, settings });
    return reply ? "cod_answer" : "noted";
  }
  const keyword = messageKeyword(m);
  if (!keyword) return m.type === "order" ? "order" : "noted";
  const change = { phone, source: "keyword" as const, evidence: m.id, dedupeKey: m.id, name, at };
  if (keyword.action === "opt_out") await optOut(db, change, deps.clock);
  else await optIn(db, change, deps.clock);
  // Enqueued even when the ledger already had this keyword: a crash between the two steps must
  // still confirm once (the idempotency key makes a second enqueue a no-op).
  await deps.enqueue(db, [consentReplyDraft(phone, m.id, keyword)], {
    clock: deps.clock,
    settings: deps.settings,
  });
  return keyword.action === "opt_out" ? "opted_out" : "opted_in";
}
