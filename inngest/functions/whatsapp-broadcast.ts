import { appDb } from "@/db";
import type { Db } from "@/db";
import { systemClock, type Clock } from "@/lib/time";
import { advanceBroadcast, broadcastStarted } from "@/lib/whatsapp/broadcast";
import { inngest } from "../client";
import { whatsappOutboxQueued } from "./whatsapp-dispatch";

export interface WhatsAppBroadcastDeps {
  getDb: () => Promise<Db>;
  clock?: Clock;
}

/** Steps per run: enough for ~half a million recipients; a longer send continues in a new run. */
const MAX_STEPS = 900;

/**
 * Sends a started broadcast: one `step.run` per batch (guard re-checked, recipients handed to the
 * outbox), `step.sleep` while the dispatcher works through the backlog. A crash or redeploy
 * resumes at the next step; a repeated step is harmless (idempotency keys). One run per broadcast.
 */
export function createWhatsAppBroadcastFunction(deps: WhatsAppBroadcastDeps) {
  return inngest.createFunction(
    {
      id: "whatsapp-broadcast",
      triggers: [broadcastStarted],
      concurrency: { limit: 1, key: "event.data.broadcastId" },
      retries: 10,
    },
    async ({ event, step }) => {
      const id = event.data.broadcastId;
      let cursor: string | null | undefined;
      for (let i = 0; i < MAX_STEPS; i++) {
        const r = await step.run(`advance-${i}`, async () => {
          const db = await deps.getDb();
          return advanceBroadcast(db, id, { clock: deps.clock ?? systemClock, cursor });
        });
        if (r.state === "stopped" || r.state === "done") return r;
        cursor = r.cursor;
        if (r.state === "batch" && r.batch.queued > 0) {
          // Wake the dispatcher now rather than at its next cron tick.
          await step.sendEvent(`queued-${i}`, whatsappOutboxQueued.create({ queued: r.batch.queued }));
        }
        if (r.state === "wait" || r.state === "draining") await step.sleep(`wait-${i}`, r.waitMs);
      }
      await step.sendEvent("continue", broadcastStarted.create({ broadcastId: id }));
      return { state: "continued" };
    },
  );
}

export const whatsappBroadcastFunction = createWhatsAppBroadcastFunction({
  getDb: async () => (await appDb()).db,
});
