import { appDb, type Db } from "@/db";
import { readEnv } from "@/lib/config";
import { systemClock, type Clock } from "@/lib/time";
import { readWhatsAppSettings } from "@/lib/whatsapp";
import { cartRecoveryStep, readCart, recoveryTimes } from "@/lib/whatsapp/flows";
import { inngest } from "../client";
import { cartUpdated, orderUpdated } from "../events";

export interface WhatsAppFlowDeps {
  getDb: () => Promise<Db>;
  clock?: Clock;
  /** KOSHA_PUBLIC_URL, for tracked links; unset in tests that read the plain link. */
  publicUrl?: string;
}

/** CEL for "an order from this cart, or from this cart's customer". */
function orderFrom(cartId: string, customerId: string | null): string {
  const cart = `async.data.cartId == ${JSON.stringify(cartId)}`;
  return customerId ? `${cart} || async.data.customerId == ${JSON.stringify(customerId)}` : cart;
}

/**
 * Cart recovery (lib/whatsapp/flows/cart-recovery.ts): on a cart update, wait until the first
 * delay after the cart's last activity unless an order from the cart or its customer arrives,
 * send the reminder; wait until the second-nudge hour the same way, send the last call. A newer
 * activity on the cart cancels this run (the newer run owns the cart); if the cancel is missed,
 * the step finds the cart's moment moved and does nothing ("not_due"). Each send is keyed per
 * cart and step, so a retried step, an overlapping run or the in-process poller sends once.
 */
export function createWhatsAppCartRecoveryFunction(deps: WhatsAppFlowDeps) {
  const clock = () => deps.clock ?? systemClock;
  return inngest.createFunction(
    {
      id: "whatsapp-cart-recovery",
      triggers: [cartUpdated],
      cancelOn: [
        {
          event: cartUpdated,
          // Same cart, later activity (ISO strings compare in time order); not the trigger itself.
          if: "async.data.cartId == event.data.cartId && async.data.lastActivityAt > event.data.lastActivityAt",
        },
      ],
      retries: 3,
    },
    async ({ event, step }) => {
      const cartId = event.data.cartId;
      const plan = await step.run("plan", async () => {
        const db = await deps.getDb();
        const settings = await readWhatsAppSettings(db);
        if (!settings.flows.cartRecovery.enabled) return { exit: "cart recovery is switched off" } as const;
        const cart = await readCart(db, cartId);
        if (!cart) return { exit: "cart not in the mirror" } as const;
        if (cart.completedAt) return { exit: "cart completed" } as const;
        if (cart.items.length === 0) return { exit: "cart is empty" } as const;
        const t = recoveryTimes(cart.lastActivityAt, settings);
        return {
          customerId: cart.customerId,
          firstAt: t.first.toISOString(),
          secondAt: t.second.toISOString(),
        };
      });
      if ("exit" in plan) return { outcome: "exit", reason: plan.exit };

      const match = orderFrom(cartId, plan.customerId);
      const ordered1 = await step.waitForEvent("wait-for-order-1", {
        event: orderUpdated,
        timeout: new Date(plan.firstAt),
        if: match,
      });
      if (ordered1) return { outcome: "exit", reason: `order ${ordered1.data.orderId} placed` };

      const first = await step.run("send-1", async () =>
        cartRecoveryStep(await deps.getDb(), cartId, 1, { clock: clock(), publicUrl: deps.publicUrl }),
      );
      if (first.outcome === "exit" || first.outcome === "not_due") return { first };

      const ordered2 = await step.waitForEvent("wait-for-order-2", {
        event: orderUpdated,
        timeout: new Date(plan.secondAt),
        if: match,
      });
      if (ordered2) return { first, outcome: "exit", reason: `order ${ordered2.data.orderId} placed` };

      const second = await step.run("send-2", async () =>
        cartRecoveryStep(await deps.getDb(), cartId, 2, { clock: clock(), publicUrl: deps.publicUrl }),
      );
      return { first, second };
    },
  );
}

export const whatsappCartRecoveryFunction = createWhatsAppCartRecoveryFunction({
  getDb: async () => (await appDb()).db,
  publicUrl: readEnv().KOSHA_PUBLIC_URL,
});
