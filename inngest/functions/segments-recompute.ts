import { appDb, type Db } from "@/db";
import { medusaClientFromEnv } from "@/lib/medusa";
import {
  customerChangeEvents,
  customersAffectedBy,
  medusaGroupsApi,
  pushSegmentsToMedusa,
  recomputeAllSegments,
  recomputeSegmentsForCustomers,
} from "@/lib/segments";
import { systemClock, type Clock } from "@/lib/time";
import { inngest } from "../client";
import { customerSegmentsChanged, mirrorChanged } from "../events";

export interface SegmentFunctionDeps {
  getDb: () => Promise<Db>;
  clock?: Clock;
}

/** Incremental: an order or customer changed in the mirror → recompute those customers. */
export function createSegmentsOnChangeFunction(deps: SegmentFunctionDeps) {
  return inngest.createFunction(
    { id: "segments-recompute-customers", triggers: [mirrorChanged], concurrency: { limit: 2 }, retries: 5 },
    async ({ event, step }) => {
      if (event.data.kind !== "order" && event.data.kind !== "customer") return { customers: 0 };
      const clock = deps.clock ?? systemClock;
      const changes = await step.run("recompute", async () => {
        const db = await deps.getDb();
        const customers = await customersAffectedBy(db, event.data);
        return (await recomputeSegmentsForCustomers(db, customers, clock)).changes;
      });
      const payloads = customerChangeEvents(changes, clock.now());
      if (payloads.length > 0) {
        await step.sendEvent(
          "announce",
          payloads.map((p) => customerSegmentsChanged.create(p)),
        );
      }
      return { changed: payloads.length };
    },
  );
}

/** Nightly full recompute (recency, at-risk and churn move with the calendar), then the Medusa push. */
export function createSegmentsNightlyFunction(deps: SegmentFunctionDeps) {
  return inngest.createFunction(
    { id: "segments-nightly", triggers: [{ cron: "TZ=Asia/Kolkata 30 2 * * *" }], concurrency: { limit: 1 } },
    async ({ step }) => {
      const clock = deps.clock ?? systemClock;
      const recompute = await step.run("recompute-all", async () => {
        const { entered, left, ms } = await recomputeAllSegments(await deps.getDb(), clock);
        return { entered, left, ms };
      });
      const pushed = await step.run(
        "push-to-medusa",
        async () =>
          (await pushSegmentsToMedusa(await deps.getDb(), medusaGroupsApi(medusaClientFromEnv()), { clock }))
            .length,
      );
      return { ...recompute, pushed };
    },
  );
}

const deps: SegmentFunctionDeps = { getDb: async () => (await appDb()).db };
export const segmentsOnChangeFunction = createSegmentsOnChangeFunction(deps);
export const segmentsNightlyFunction = createSegmentsNightlyFunction(deps);
