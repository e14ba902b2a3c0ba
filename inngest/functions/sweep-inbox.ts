import { appDb } from "@/db";
import { sweepInbox } from "@/lib/inbox";
import { resolveInboundHandler } from "@/lib/ingest";
import { systemClock } from "@/lib/time";
import { inngest } from "../client";
import type { InboxFunctionDeps } from "./process-inbound-event";

/**
 * Every minute, processes inbound events nobody is working on: never dispatched (the send to
 * Inngest failed, or they were accepted while the in-process runner was active), due for a retry,
 * or abandoned by a crashed worker. One sweep at a time; SKIP LOCKED keeps it apart from others.
 */
export function createSweepInboxFunction(deps: InboxFunctionDeps) {
  return inngest.createFunction(
    { id: "sweep-inbox", triggers: [{ cron: "* * * * *" }], concurrency: { limit: 1 } },
    async ({ step }) =>
      step.run("sweep", async () => sweepInbox(await deps.getDb(), deps.resolve, deps.clock ?? systemClock)),
  );
}

export const sweepInboxFunction = createSweepInboxFunction({
  getDb: async () => (await appDb()).db,
  resolve: resolveInboundHandler,
});
