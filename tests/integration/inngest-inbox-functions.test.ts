import { InngestTestEngine } from "@inngest/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { inboundEvents } from "@/db/schema/inbox";
import { claimInbound, storeInbound, type HandlerResolver } from "@/lib/inbox";
import { fixedClock } from "@/lib/time";
import { createProcessInboundFunction } from "@/inngest/functions/process-inbound-event";
import { createSweepInboxFunction } from "@/inngest/functions/sweep-inbox";
import { functions } from "@/inngest/functions";
import { engines, testDb, type TestDb } from "../support/db";

let seq = 0;
async function store(db: Db, name = "order.placed") {
  const { id } = await storeInbound(db, {
    source: "test",
    externalId: `i-${++seq}`,
    name,
    rawBody: "{}",
    payload: { seq },
  });
  return id;
}

async function row(db: Db, id: number) {
  const [r] = await db.select().from(inboundEvents).where(eq(inboundEvents.id, id));
  return r!;
}

const handled: number[] = [];
const resolve: HandlerResolver = (source, name) =>
  source === "test" && name === "order.placed"
    ? async ({ event }) => {
        handled.push(event.id);
        return { outcome: "processed" };
      }
    : source === "test" && name === "broken"
      ? async () => {
          throw new Error("handler bug");
        }
      : undefined;

describe("the Inngest functions served at /api/inngest", () => {
  it("include the inbox processor (per-row idempotency, bounded concurrency) and the minute sweep", () => {
    const opts = Object.fromEntries(
      functions.map((f) => [f.id(), (f as unknown as { opts: Record<string, unknown> }).opts]),
    );
    expect(Object.keys(opts)).toEqual(expect.arrayContaining(["process-inbound-event", "sweep-inbox"]));
    expect(opts["process-inbound-event"]).toMatchObject({
      idempotency: "event.data.id",
      concurrency: { limit: 10 },
      triggers: [expect.objectContaining({ name: "kosha/inbound.received" })],
    });
    expect(opts["sweep-inbox"]).toMatchObject({
      triggers: [{ cron: "* * * * *" }],
      concurrency: { limit: 1 },
    });
  });
});

describe.each(engines)("Inngest inbox functions on %s", (engine) => {
  let t: TestDb;
  const clock = fixedClock("2025-06-01T10:00:00Z");
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.delete(inboundEvents);
    handled.length = 0;
  });

  const processFn = () => createProcessInboundFunction({ getDb: async () => t.db, resolve, clock });
  const sweepFn = () => createSweepInboxFunction({ getDb: async () => t.db, resolve, clock });

  it("process-inbound-event processes the row named by kosha/inbound.received", async () => {
    const id = await store(t.db);
    const { result, ctx } = await new InngestTestEngine({ function: processFn() }).execute({
      events: [{ name: "kosha/inbound.received", data: { id } }],
    });
    expect(result).toEqual({ id, result: "processed" });
    expect(ctx.step.run).toHaveBeenCalledWith("process", expect.any(Function));
    expect(handled).toEqual([id]);
    expect(await row(t.db, id)).toMatchObject({ status: "processed", attempts: 1 });
  });

  it("process-inbound-event is a no-op for a row already processed (a duplicate delivery)", async () => {
    const id = await store(t.db);
    const deliver = () =>
      new InngestTestEngine({ function: processFn() }).execute({
        events: [{ name: "kosha/inbound.received", data: { id } }],
      });
    await deliver();
    const again = await deliver();
    expect(again.result).toEqual({ id, result: "skipped", status: "processed" });
    expect(handled).toEqual([id]);
  });

  it("process-inbound-event records a handler error on the row for the inbox's own retry", async () => {
    const id = await store(t.db, "broken");
    const { result } = await new InngestTestEngine({ function: processFn() }).execute({
      events: [{ name: "kosha/inbound.received", data: { id } }],
    });
    expect(result).toMatchObject({ id, result: "retry", attempts: 1, error: "Error: handler bug" });
    expect(await row(t.db, id)).toMatchObject({ status: "pending", lastError: "Error: handler bug" });
  });

  it("process-inbound-event rejects an event whose data does not match the schema", async () => {
    const { error } = await new InngestTestEngine({ function: processFn() }).execute({
      events: [{ name: "kosha/inbound.received", data: { id: "not-a-number" } }],
    });
    expect(JSON.stringify(error)).toContain("expected number");
    expect(handled).toEqual([]);
  });

  it("sweep-inbox processes rows left by the in-process runner: never dispatched, and abandoned mid-run", async () => {
    // Claimed by an in-process worker whose process then stopped: lease expired.
    const abandoned = await store(t.db);
    await claimInbound(t.db, { limit: 10, leaseMs: 60_000, now: new Date(clock.now().getTime() - 120_000) });
    // Accepted while the in-process runner was active, never picked up before the switch.
    const pending = await store(t.db);
    const unknown = await store(t.db, "mystery.event");
    // Still leased by a live worker: the sweep must leave it alone.
    const leased = await store(t.db);
    await t.db
      .update(inboundEvents)
      .set({ status: "processing", attempts: 1, lockedUntil: new Date(clock.now().getTime() + 60_000) })
      .where(eq(inboundEvents.id, leased));

    const { result, ctx } = await new InngestTestEngine({ function: sweepFn() }).execute({
      events: [{ name: "inngest/scheduled.timer", data: { cron: "* * * * *" } }],
    });
    expect(ctx.step.run).toHaveBeenCalledWith("sweep", expect.any(Function));
    expect(result).toMatchObject({ claimed: 3, processed: 2, ignored: 1, retry: 0, failed: 0 });
    expect(handled.sort((a, b) => a - b)).toEqual([abandoned, pending]);
    expect(await row(t.db, abandoned)).toMatchObject({ status: "processed", attempts: 2 });
    expect(await row(t.db, pending)).toMatchObject({ status: "processed", attempts: 1 });
    expect(await row(t.db, unknown)).toMatchObject({
      status: "ignored",
      note: "no handler for test/mystery.event",
    });
    expect(await row(t.db, leased)).toMatchObject({ status: "processing", attempts: 1 });
  });
});
