import { eventType } from "inngest";
import { z } from "zod";
import { appDb } from "@/db";
import type { Db } from "@/db";
import { readEnv } from "@/lib/config";
import { systemClock, type Clock } from "@/lib/time";
import {
  dispatchDue,
  whatsappIdsFromEnv,
  whatsappTransportFromEnv,
  type DispatchSummary,
} from "@/lib/whatsapp";
import { inngest } from "../client";

/** Rows were queued in the WhatsApp outbox: send what is due now rather than at the next cron. */
export const whatsappOutboxQueued = eventType("whatsapp/outbox.queued", {
  schema: z.object({ queued: z.number().int().nonnegative().optional() }),
});

export interface WhatsAppDispatchDeps {
  getDb: () => Promise<Db>;
  clock?: Clock;
}

/** Batches per run: one run drains up to this many × 500 rows, then the next event or cron goes on. */
const MAX_BATCHES_PER_RUN = 20;

/**
 * Sends due outbox rows on an event and every minute (retries, rescheduled sends, a missed
 * event). One run at a time: the pacer is per process, and Meta's throughput is per number.
 */
export function createWhatsAppDispatchFunction(deps: WhatsAppDispatchDeps) {
  return inngest.createFunction(
    {
      id: "whatsapp-dispatch",
      triggers: [whatsappOutboxQueued, { cron: "* * * * *" }],
      concurrency: { limit: 1 },
    },
    async ({ step }) => {
      const totals: DispatchSummary = { claimed: 0, sent: 0, requeued: 0, failed: 0 };
      for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
        const s = await step.run(`dispatch-${i}`, async () => {
          const db = await deps.getDb();
          const env = readEnv();
          const r = await dispatchDue(db, {
            transport: whatsappTransportFromEnv(db, env),
            clock: deps.clock ?? systemClock,
            phoneNumberId: whatsappIdsFromEnv(env).phoneNumberId,
          });
          return { ...r, haltedUntil: r.haltedUntil?.toISOString() };
        });
        totals.claimed += s.claimed;
        totals.sent += s.sent;
        totals.requeued += s.requeued;
        totals.failed += s.failed;
        if (s.claimed === 0 || s.haltedUntil) break;
      }
      return totals;
    },
  );
}

export const whatsappDispatchFunction = createWhatsAppDispatchFunction({
  getDb: async () => (await appDb()).db,
});
