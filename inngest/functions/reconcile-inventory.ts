import { appDb, type Db } from "@/db";
import { medusaClientFromEnv, syncMedusa, type MedusaClient } from "@/lib/medusa";
import { systemClock, type Clock } from "@/lib/time";
import { inngest } from "../client";

export interface ReconcileInventoryDeps {
  getDb: () => Promise<Db>;
  getClient: () => MedusaClient;
  clock?: Clock;
}

/**
 * Every 15 minutes (IST), re-reads every inventory item's location levels through the same sync
 * code, so the mirror heals from any stock event that was missed (Medusa < 2.18 emits none for
 * orders, fulfillments and returns). Its own cursor namespace keeps it apart from `sync:medusa`.
 */
export function createReconcileInventoryFunction(deps: ReconcileInventoryDeps) {
  return inngest.createFunction(
    {
      id: "reconcile-inventory",
      triggers: [{ cron: "TZ=Asia/Kolkata */15 * * * *" }],
      singleton: { mode: "skip" },
      retries: 2,
    },
    async ({ step }) =>
      step.run("reread-inventory-levels", async () => {
        const results = await syncMedusa(await deps.getDb(), deps.getClient(), {
          mode: "full",
          resources: ["inventory_items"],
          clock: deps.clock ?? systemClock,
          cursorNamespace: "medusa.reconcile.cursor",
        });
        return results.map((r) => ({ resource: r.resource, fetched: r.fetched, written: r.written }));
      }),
  );
}

export const reconcileInventoryFunction = createReconcileInventoryFunction({
  getDb: async () => (await appDb()).db,
  getClient: () => medusaClientFromEnv(),
});
