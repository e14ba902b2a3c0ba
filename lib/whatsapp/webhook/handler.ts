import type { HandlerOutcome, InboundEvent, InboundHandler } from "@/lib/inbox";
import type { Db } from "@/db";
import type { Clock } from "@/lib/time";
import { enqueueMessages } from "../outbox/enqueue";
import { applyWhatsAppPayloads } from "./apply";
export { WHATSAPP_SOURCE } from "./source";

/*
 * The inbox handler for source "whatsapp". One stored event is one webhook POST body; the
 * runner hands many of them to `batch.handle` at once, so thousands of status webhooks a second
 * become a few statements. The one-event call (Inngest's per-event function, a replay) runs the
 * same code on a batch of one.
 */

/** Inbox names this handler applies (see envelopeName); other fields are kept and marked ignored. */
const APPLIED_KINDS = new Set(["statuses", "messages", "message_template_status_update", "errors"]);

async function applyEvents(db: Db, events: readonly InboundEvent[], clock: Clock): Promise<HandlerOutcome[]> {
  const { outcomes } = await applyWhatsAppPayloads(
    db,
    events.map((e) => e.payload),
    { clock, enqueue: enqueueMessages },
  );
  return outcomes;
}

export const whatsappInboundHandler: InboundHandler = Object.assign(
  async ({ db, event, clock }: { db: Db; event: InboundEvent; clock: Clock }) => {
    const [outcome] = await applyEvents(db, [event], clock);
    return outcome!;
  },
  {
    batch: {
      key: "whatsapp",
      maxSize: 500,
      handle: ({ db, events, clock }: { db: Db; events: InboundEvent[]; clock: Clock }) =>
        applyEvents(db, events, clock),
    },
  },
);

/** lib/ingest's lookup for source "whatsapp": one handler for every name carrying something Kosha applies. */
export function whatsappInboundLookup(name: string): InboundHandler | undefined {
  return name.split("+").some((k) => APPLIED_KINDS.has(k)) ? whatsappInboundHandler : undefined;
}

/** The channel's `receive` (lib/whatsapp/channel WhatsAppReceive): applies one verified payload. */
export async function receiveWhatsAppPayload(ctx: { db: Db; clock: Clock }, payload: unknown): Promise<void> {
  await applyWhatsAppPayloads(ctx.db, [payload], { clock: ctx.clock, enqueue: enqueueMessages });
}
