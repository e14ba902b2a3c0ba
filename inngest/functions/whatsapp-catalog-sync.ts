import { appDb } from "@/db";
import { readEnv } from "@/lib/config";
import { systemClock } from "@/lib/time";
import {
  createWhatsAppClient,
  whatsappIdsFromEnv,
  whatsappTransportFromEnv,
  type WhatsAppClient,
} from "@/lib/whatsapp";
import { catalogSync } from "@/lib/whatsapp/flows";
import { inngest } from "../client";
import { skuBlocked, skuUnblocked } from "../events";
import type { WhatsAppFlowDeps } from "./whatsapp-cart-recovery";

export interface WhatsAppCatalogDeps extends WhatsAppFlowDeps {
  /** The Graph client (default: live or sandbox from the environment). */
  client?: (db: Awaited<ReturnType<WhatsAppFlowDeps["getDb"]>>) => Pick<WhatsAppClient, "catalogItemsBatch">;
}

function clientFor(deps: WhatsAppCatalogDeps) {
  return (db: Awaited<ReturnType<WhatsAppFlowDeps["getDb"]>>) => {
    if (deps.client) return deps.client(db);
    const env = readEnv();
    const ids = whatsappIdsFromEnv(env);
    return createWhatsAppClient({
      transport: whatsappTransportFromEnv(db, env),
      phoneNumberId: ids.phoneNumberId,
    });
  };
}

/**
 * Availability in the Meta catalog follows the guard: a SKU blocked → "out of stock" there,
 * unblocked → "in stock" again (lib/whatsapp/flows/catalog-sync.ts re-checks the guard live, so
 * an out-of-order event cannot leave the wrong state). Events are batched: a stock sweep that
 * blocks hundreds of SKUs is one items_batch call, not hundreds.
 */
export function createWhatsAppCatalogOnGuardFunction(deps: WhatsAppCatalogDeps) {
  const client = clientFor(deps);
  return inngest.createFunction(
    {
      id: "whatsapp-catalog-on-guard",
      triggers: [skuBlocked, skuUnblocked],
      batchEvents: { maxSize: 500, timeout: "10s" },
      concurrency: { limit: 1 },
      retries: 5,
    },
    async ({ events, step }) => {
      const skus = [...new Set(events.map((e) => e.data.sku))];
      return step.run("sync-skus", async () => {
        const db = await deps.getDb();
        return catalogSync(db, { clock: deps.clock ?? systemClock, client: client(db) }, { skus });
      });
    },
  );
}

/** Hourly: prices and titles change without guard events; only changed items are pushed. */
export function createWhatsAppCatalogSyncFunction(deps: WhatsAppCatalogDeps) {
  const client = clientFor(deps);
  return inngest.createFunction(
    {
      id: "whatsapp-catalog-sync",
      triggers: [{ cron: "TZ=Asia/Kolkata 20 * * * *" }],
      concurrency: { limit: 1 },
    },
    async ({ step }) =>
      step.run("sync-all", async () => {
        const db = await deps.getDb();
        return catalogSync(db, { clock: deps.clock ?? systemClock, client: client(db) });
      }),
  );
}

const deps: WhatsAppCatalogDeps = { getDb: async () => (await appDb()).db };
export const whatsappCatalogOnGuardFunction = createWhatsAppCatalogOnGuardFunction(deps);
export const whatsappCatalogSyncFunction = createWhatsAppCatalogSyncFunction(deps);
