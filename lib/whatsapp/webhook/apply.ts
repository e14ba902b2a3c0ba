import type { Db } from "@/db";
import type { Clock } from "@/lib/time";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import { applyInboundMessage, type EnqueueMessages, type InboundResult } from "./apply-inbound";
import { applyStatusRecords, statusRecord, type StatusRecord } from "./apply-statuses";
import { applyTemplateStatus } from "./apply-templates";
import { scheduleCostBooking } from "./cost-booking";
import { isMessagesChange, isTemplateStatusChange, waEnvelopeSchema } from "./envelope";

export interface ApplyDeps {
  clock: Clock;
  /** Read from the database once per call when not given. */
  settings?: WhatsAppSettings;
  /** Queues consent confirmations (lib/whatsapp/outbox enqueueMessages). */
  enqueue: EnqueueMessages;
  /**
   * Re-book the KPI spend of the IST days whose delivered cost changed (default true), in the
   * background and coalesced (see cost-booking.ts); await costBookingsSettled to see it.
   */
  bookCosts?: boolean;
}

/** Per payload, in the order given: applied, or kept with the reason it was not (fully) applied. */
export type PayloadOutcome = { outcome: "processed" } | { outcome: "ignored"; reason: string };

export interface ApplySummary {
  statuses: number;
  statusesMatched: number;
  inbound: Record<InboundResult, number>;
  templates: number;
  costDays: string[];
}

const MAX_LISTED = 5;
const list = (xs: string[]) =>
  xs.slice(0, MAX_LISTED).join(", ") + (xs.length > MAX_LISTED ? ` and ${xs.length - MAX_LISTED} more` : "");

/**
 * Applies many stored webhook bodies at once: every delivery status in them in one statement,
 * then customer messages and template updates one by one (rare next to statuses). Idempotent as
 * a whole, so a batch that fails half way can simply run again.
 *
 * A payload is "ignored" (kept in the inbox with the reason, replayable) when something in it
 * matched nothing: a status for a wamid Kosha has no message for (not sent by Kosha, or a status
 * that raced ahead of its send being recorded), a template Kosha does not know, or a field Kosha
 * does not apply. What did match is applied either way.
 */
export async function applyWhatsAppPayloads(
  db: Db,
  payloads: readonly unknown[],
  deps: ApplyDeps,
): Promise<{ outcomes: PayloadOutcome[]; summary: ApplySummary }> {
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const parsed = payloads.map((p) => waEnvelopeSchema.safeParse(p));
  const notes: string[][] = payloads.map(() => []);
  const summary: ApplySummary = {
    statuses: 0,
    statusesMatched: 0,
    inbound: { noted: 0, opted_out: 0, opted_in: 0, order: 0, cod_answer: 0, bad_phone: 0 },
    templates: 0,
    costDays: [],
  };

  // 1. Statuses of every payload together.
  const records: StatusRecord[] = [];
  const wamidsOf: string[][] = payloads.map(() => []);
  parsed.forEach((p, i) => {
    if (!p.success) {
      notes[i]!.push("the stored payload is not a WhatsApp Business Account envelope");
      return;
    }
    for (const entry of p.data.entry)
      for (const change of entry.changes) {
        if (!isMessagesChange(change)) continue;
        for (const s of change.value.statuses ?? []) {
          const r = statusRecord(s, settings);
          if (r) {
            records.push(r);
            wamidsOf[i]!.push(r.wamid);
          }
        }
        if (change.value.errors?.length) {
          const codes = change.value.errors.map((e) => `${e.code}${e.title ? ` ${e.title}` : ""}`);
          notes[i]!.push(`WhatsApp reported errors for the number: ${list(codes)}`);
        }
      }
  });
  const { matched, costDays } = await applyStatusRecords(db, records);
  summary.statuses = records.length;
  summary.statusesMatched = records.filter((r) => matched.has(r.wamid)).length;
  wamidsOf.forEach((wamids, i) => {
    const unknown = [...new Set(wamids.filter((w) => !matched.has(w)))];
    if (unknown.length > 0) {
      notes[i]!.push(
        `no message with wamid ${list(unknown)} (not sent by Kosha, or its send is not recorded yet)` +
          (unknown.length < new Set(wamids).size ? "; the other statuses were applied" : ""),
      );
    }
  });

  // 2. Customer messages and template updates, payload by payload (order matters for consent).
  for (const [i, p] of parsed.entries()) {
    if (!p.success) continue;
    for (const entry of p.data.entry) {
      for (const change of entry.changes) {
        if (isMessagesChange(change)) {
          const msgs = [...(change.value.messages ?? [])].sort((a, b) => a.timestamp - b.timestamp);
          for (const m of msgs) {
            const r = await applyInboundMessage(db, m, change.value.contacts, { ...deps, settings });
            summary.inbound[r] += 1;
            if (r === "bad_phone") notes[i]!.push(`message ${m.id} from an unusable phone "${m.from}"`);
          }
        } else if (isTemplateStatusChange(change)) {
          const time = (entry as { time?: unknown }).time;
          const r = await applyTemplateStatus(
            db,
            change.value,
            typeof time === "number" ? time : undefined,
            deps.clock,
          );
          if (r === "applied") summary.templates += 1;
          if (r === "unknown") {
            notes[i]!.push(
              `no template ${change.value.message_template_name} (${change.value.message_template_language}) in Kosha`,
            );
          }
        } else {
          notes[i]!.push(`field ${change.field} is kept but not applied`);
        }
      }
    }
  }

  if (deps.bookCosts !== false && costDays.length > 0) {
    scheduleCostBooking(db, deps.clock, costDays);
    summary.costDays = costDays;
  }
  return {
    outcomes: notes.map((n) =>
      n.length === 0 ? { outcome: "processed" } : { outcome: "ignored", reason: n.join("; ") },
    ),
    summary,
  };
}
