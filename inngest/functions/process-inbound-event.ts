import { appDb, type Db } from "@/db";
import { processInboundEvent, type HandlerResolver } from "@/lib/inbox";
import { resolveInboundHandler } from "@/lib/ingest";
import { systemClock, type Clock } from "@/lib/time";
import { inngest } from "../client";
import { inboundReceived } from "../events";

export interface InboxFunctionDeps {
  getDb: () => Promise<Db>;
  resolve: HandlerResolver;
  clock?: Clock;
}

/**
 * Processes one stored inbound event. Handler errors are recorded on the row and retried by the
 * inbox's own backoff (the sweep picks the row up again), so the run itself only fails, and is
 * retried by Inngest, when the database is unreachable.
 */
export function createProcessInboundFunction(deps: InboxFunctionDeps) {
  return inngest.createFunction(
    {
      id: "process-inbound-event",
      triggers: [inboundReceived],
      idempotency: "event.data.id",
      concurrency: { limit: 10 },
      retries: 5,
    },
    async ({ event, step }) =>
      step.run("process", async () =>
        processInboundEvent(await deps.getDb(), event.data.id, deps.resolve, deps.clock ?? systemClock),
      ),
  );
}

export const processInboundEventFunction = createProcessInboundFunction({
  getDb: async () => (await appDb()).db,
  resolve: resolveInboundHandler,
});
