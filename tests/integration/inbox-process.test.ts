import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { inboundEvents } from "@/db/schema/inbox";
import {
  inboxStats,
  processInboundEvent,
  replayInbound,
  storeInbound,
  type HandlerResolver,
  type InboundHandler,
} from "@/lib/inbox";
import { resolveInboundHandler } from "@/lib/ingest";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

let seq = 0;
async function store(
  db: Db,
  source = "test",
  name = "thing.happened",
  clock = fixedClock("2025-06-01T10:00:00Z"),
) {
  const { id } = await storeInbound(
    db,
    { source, externalId: `e-${++seq}`, name, rawBody: '{"k":1}', payload: { k: 1 } },
    clock,
  );
  return id;
}

async function row(db: Db, id: number) {
  const [r] = await db.select().from(inboundEvents).where(eq(inboundEvents.id, id));
  return r!;
}

describe.each(engines)("processing inbound events on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("runs the handler for (source, name) with the stored event and marks it processed", async () => {
    const id = await store(t.db, "test", "order.placed");
    const seen: unknown[] = [];
    const handler: InboundHandler = async ({ event, db }) => {
      seen.push(event.payload);
      expect(db).toBe(t.db);
      return { outcome: "processed" };
    };
    const resolve: HandlerResolver = (s, n) => (s === "test" && n === "order.placed" ? handler : undefined);
    const clock = fixedClock("2025-06-01T10:00:05Z");
    expect(await processInboundEvent(t.db, id, resolve, clock)).toEqual({ id, result: "processed" });
    expect(seen).toEqual([{ k: 1 }]);
    const r = await row(t.db, id);
    expect(r).toMatchObject({ status: "processed", attempts: 1, lockedUntil: null, lastError: null });
    expect(r.processedAt!.toISOString()).toBe("2025-06-01T10:00:05.000Z");
  });

  it("is a no-op on an event already processed", async () => {
    const id = await store(t.db);
    let calls = 0;
    const resolve: HandlerResolver = () => async () => {
      calls++;
      return { outcome: "processed" };
    };
    const clock = fixedClock("2025-06-01T10:00:05Z");
    await processInboundEvent(t.db, id, resolve, clock);
    const before = await row(t.db, id);
    clock.advance(60_000);
    expect(await processInboundEvent(t.db, id, resolve, clock)).toEqual({
      id,
      result: "skipped",
      status: "processed",
    });
    expect(calls).toBe(1);
    expect(await row(t.db, id)).toEqual(before);
  });

  it("reports a missing row as skipped", async () => {
    expect(
      await processInboundEvent(t.db, 987654, () => undefined, fixedClock("2025-06-01T10:00:00Z")),
    ).toEqual({
      id: 987654,
      result: "skipped",
      status: "missing",
    });
  });

  it("ignores an event nobody handles, saying why, and keeps it for replay", async () => {
    const id = await store(t.db, "shiprocket", "foo.bar");
    const clock = fixedClock("2025-06-01T10:00:00Z");
    expect(await processInboundEvent(t.db, id, resolveInboundHandler, clock)).toEqual({
      id,
      result: "ignored",
      reason: "no handler for shiprocket/foo.bar",
    });
    expect(await row(t.db, id)).toMatchObject({
      status: "ignored",
      note: "no handler for shiprocket/foo.bar",
    });
  });

  it("records a handler's own reason for ignoring an event", async () => {
    const id = await store(t.db);
    const resolve: HandlerResolver = () => async () => ({
      outcome: "ignored",
      reason: "older than the mirror",
    });
    await processInboundEvent(t.db, id, resolve, fixedClock("2025-06-01T10:00:00Z"));
    expect(await row(t.db, id)).toMatchObject({ status: "ignored", note: "older than the mirror" });
  });

  it("retries a failing handler with exponential backoff, then marks the event failed", async () => {
    const id = await store(t.db);
    let calls = 0;
    const resolve: HandlerResolver = () => async () => {
      calls++;
      throw new Error(`medusa unreachable (${calls})`);
    };
    const clock = fixedClock("2025-06-01T10:00:00Z");
    // Independent reference: 10 s doubling per attempt, capped at 15 min.
    const expectedDelays = [10, 20, 40, 80, 160, 320, 640].map((s) => Math.min(s, 900) * 1000);
    for (let attempt = 1; attempt <= 7; attempt++) {
      const r = await processInboundEvent(t.db, id, resolve, clock);
      const retryAt = new Date(clock.now().getTime() + expectedDelays[attempt - 1]!);
      expect(r).toEqual({
        id,
        result: "retry",
        attempts: attempt,
        retryAt: retryAt.toISOString(),
        error: `Error: medusa unreachable (${attempt})`,
      });
      expect(await row(t.db, id)).toMatchObject({
        status: "pending",
        attempts: attempt,
        lockedUntil: retryAt,
      });
      // Before the backoff is over, nobody may run it again.
      clock.set(new Date(retryAt.getTime() - 1));
      expect(await processInboundEvent(t.db, id, resolve, clock)).toMatchObject({ result: "skipped" });
      clock.set(retryAt);
    }
    const last = await processInboundEvent(t.db, id, resolve, clock);
    expect(last).toEqual({ id, result: "failed", attempts: 8, error: "Error: medusa unreachable (8)" });
    expect(calls).toBe(8);
    const r = await row(t.db, id);
    expect(r).toMatchObject({ status: "failed", attempts: 8, lastError: "Error: medusa unreachable (8)" });
    clock.advance(24 * 3600_000);
    expect(await processInboundEvent(t.db, id, resolve, clock)).toMatchObject({
      result: "skipped",
      status: "failed",
    });
    expect(calls).toBe(8);
  });

  it("treats a handler answering nonsense as an error, keeping the event", async () => {
    const id = await store(t.db);
    const resolve = (() => async () => ({ outcome: "done" })) as unknown as HandlerResolver;
    const r = await processInboundEvent(t.db, id, resolve, fixedClock("2025-06-01T10:00:00Z"));
    expect(r).toMatchObject({ result: "retry", attempts: 1 });
    expect((await row(t.db, id)).lastError).toContain("instead of { outcome");
  });

  it("replays a failed or ignored event with a fresh set of attempts, and refuses others", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    const ignoredId = await store(t.db, "shiprocket", "awb.assigned");
    await processInboundEvent(t.db, ignoredId, resolveInboundHandler, clock);
    const failedId = await store(t.db);
    await processInboundEvent(t.db, failedId, () => async () => Promise.reject(new Error("x")), clock, {
      maxAttempts: 1,
    });
    expect((await row(t.db, failedId)).status).toBe("failed");
    const pendingId = await store(t.db);

    expect(await replayInbound(t.db, ignoredId)).toEqual({ replayed: true, status: "ignored" });
    expect(await replayInbound(t.db, failedId)).toEqual({ replayed: true, status: "failed" });
    expect(await replayInbound(t.db, pendingId)).toEqual({ replayed: false, status: "pending" });
    expect(await replayInbound(t.db, 987654)).toEqual({ replayed: false, status: "missing" });
    expect(await row(t.db, failedId)).toMatchObject({
      status: "pending",
      attempts: 0,
      note: null,
      processedAt: null,
    });

    // Now a handler exists for it: the replay processes what was originally received.
    const payloads: unknown[] = [];
    const resolve: HandlerResolver = (s) =>
      s === "shiprocket"
        ? async ({ event }) => {
            payloads.push(event.payload);
            return { outcome: "processed" };
          }
        : undefined;
    expect(await processInboundEvent(t.db, ignoredId, resolve, clock)).toEqual({
      id: ignoredId,
      result: "processed",
    });
    expect(payloads).toEqual([{ k: 1 }]);
  });
});

describe.each(engines)("inbox stats on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("counts events by status and ages the oldest unfinished one", async () => {
    const empty = await inboxStats(t.db, fixedClock("2025-06-01T10:00:00Z"));
    expect(empty).toMatchObject({ pending: 0, failed: 0, total: 0, oldestPendingAgeSeconds: null });

    await store(t.db, "test", "a", fixedClock("2025-06-01T09:58:00Z"));
    await store(t.db, "test", "a", fixedClock("2025-06-01T09:59:30Z"));
    const done = await store(t.db, "test", "a", fixedClock("2025-06-01T09:00:00Z"));
    await processInboundEvent(t.db, done, () => undefined, fixedClock("2025-06-01T09:00:01Z"));
    const bad = await store(t.db, "test", "a", fixedClock("2025-06-01T09:00:00Z"));
    await processInboundEvent(
      t.db,
      bad,
      () => async () => Promise.reject(new Error("x")),
      fixedClock("2025-06-01T09:00:01Z"),
      {
        maxAttempts: 1,
      },
    );

    const s = await inboxStats(t.db, fixedClock("2025-06-01T10:00:00Z"));
    expect(s).toEqual({
      pending: 2,
      processing: 0,
      processed: 0,
      ignored: 1,
      failed: 1,
      total: 4,
      oldestPendingAgeSeconds: 120,
    });
  });
});
