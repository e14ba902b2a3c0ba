import { appDb, type Db } from "@/db";
import { allSkus, reevaluateSkus, skusAffectedBy, verdictEvents, type MirrorChangeKind } from "@/lib/guard";
import { systemClock, type Clock } from "@/lib/time";
import { inngest } from "../client";
import { mirrorChanged, skuBlocked, skuUnblocked } from "../events";

export interface GuardFunctionDeps {
  getDb: () => Promise<Db>;
  clock?: Clock;
}

const guardKinds: readonly string[] = ["inventory", "product", "variant", "order"];

/**
 * Re-judges the SKUs a mirror change touched and announces the ones that became blocked or
 * unblocked. Promote paths do not wait for this: guardPromotion checks live at read time.
 */
export function createGuardReevaluateFunction(deps: GuardFunctionDeps) {
  return inngest.createFunction(
    {
      id: "guard-reevaluate",
      triggers: [mirrorChanged],
      // One SKU's verdict must not be written by two runs at once in the wrong order.
      concurrency: { limit: 1, key: "event.data.kind" },
      retries: 5,
    },
    async ({ event, step }) => {
      if (!guardKinds.includes(event.data.kind)) return { skus: 0, changes: 0 };
      const changes = await step.run("reevaluate", async () => {
        const db = await deps.getDb();
        const skus = await skusAffectedBy(db, {
          kind: event.data.kind as MirrorChangeKind,
          ids: event.data.ids,
        });
        return reevaluateSkus(db, skus, deps.clock ?? systemClock);
      });
      const events = verdictEvents(changes, (deps.clock ?? systemClock).now()).map((e) =>
        e.name === "inventory/sku.blocked" ? skuBlocked.create(e.data) : skuUnblocked.create(e.data),
      );
      if (events.length > 0) await step.sendEvent("announce", events);
      return { changes: changes.length };
    },
  );
}

/** Nightly: "dead" moves with the calendar, not with events, so every SKU is re-judged. */
export function createGuardNightlyFunction(deps: GuardFunctionDeps) {
  return inngest.createFunction(
    { id: "guard-nightly", triggers: [{ cron: "TZ=Asia/Kolkata 15 2 * * *" }], concurrency: { limit: 1 } },
    async ({ step }) => {
      const skus = await step.run("list", async () => allSkus(await deps.getDb()));
      let changed = 0;
      for (let i = 0; i < skus.length; i += 1000) {
        const changes = await step.run(`reevaluate-${i}`, async () =>
          reevaluateSkus(await deps.getDb(), skus.slice(i, i + 1000), deps.clock ?? systemClock),
        );
        const events = verdictEvents(changes, (deps.clock ?? systemClock).now()).map((e) =>
          e.name === "inventory/sku.blocked" ? skuBlocked.create(e.data) : skuUnblocked.create(e.data),
        );
        if (events.length > 0) await step.sendEvent(`announce-${i}`, events);
        changed += changes.length;
      }
      return { skus: skus.length, changed };
    },
  );
}

const deps: GuardFunctionDeps = { getDb: async () => (await appDb()).db };
export const guardReevaluateFunction = createGuardReevaluateFunction(deps);
export const guardNightlyFunction = createGuardNightlyFunction(deps);
