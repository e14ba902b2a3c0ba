import { appDb } from "@/db";
import { systemClock } from "@/lib/time";
import { orderUpdates } from "@/lib/whatsapp/flows";
import { inngest } from "../client";
import { orderUpdated } from "../events";
import type { WhatsAppFlowDeps } from "./whatsapp-cart-recovery";

/**
 * Order updates and recovered-revenue attribution (lib/whatsapp/flows/order-updates.ts) on every
 * order change: whatever the order's state calls for and was not yet decided is queued, keyed
 * per order and step. One run per order at a time, so two quick changes decide in order.
 */
export function createWhatsAppOrderUpdatesFunction(deps: WhatsAppFlowDeps) {
  return inngest.createFunction(
    {
      id: "whatsapp-order-updates",
      triggers: [orderUpdated],
      concurrency: { limit: 1, key: "event.data.orderId" },
      retries: 5,
    },
    async ({ event, step }) =>
      step.run("order-updates", async () =>
        orderUpdates(await deps.getDb(), event.data.orderId, {
          clock: deps.clock ?? systemClock,
          tracking: event.data.tracking,
        }),
      ),
  );
}

export const whatsappOrderUpdatesFunction = createWhatsAppOrderUpdatesFunction({
  getDb: async () => (await appDb()).db,
});
