import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { inboundEvents } from "@/db/schema/inbox";
import {
  claimInbound,
  inboundBatchHandler,
  processClaimedRows,
  processInboundEvent,
  storeInbound,
  sweepInbox,
  type BatchOutcome,
  type HandlerResolver,
  type InboundBatch,
  type InboundEvent,
} from "@/lib/inbox";
import { InboxRunner } from "@/lib/runner";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

let seq = 0;
async function store(db: Db, n: number, source = "wa", name = "status") {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await storeInbound(db, {
      source,
      externalId: `b-${++seq}`,
      name,
      rawBody: "{}",
      payload: { n: seq },
    });
    ids.push(id);
  }
  return ids;
}

async function rows(db: Db, ids: number[]) {
  const out = await db.select().from(inboundEvents).where(inArray(inboundEvents.id, ids));
  return out.sort((a, b) => a.id - b.id);
}

/** A batch handler that records each call and answers what `decide` says per event. */
function recorder(key: string, decide: (e: InboundEvent) => BatchOutcome = () => ({ outcome: "processed" })) {
  const calls: number[][] = [];
  const batch: InboundBatch = {
    key,
    maxSize: 25,
    async handle({ events }) {
      calls.push(events.map((e) => e.id));
      return events.map(decide);
    },
  };
  return { calls, handler: inboundBatchHandler(batch) };
}

describe.each(engines)("batch handlers on %s", (engine) => {
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
  });

  it("applies claimed events of one source and key in a few calls, oldest first, at most maxSize each", async () => {
    const statuses = recorder("statuses");
    let singles = 0;
    const resolve: HandlerResolver = (source, name) => {
      if (source === "wa" && (name === "status" || name === "status.read")) return statuses.handler;
      if (source === "wa" && name === "message")
        return async () => {
          singles++;
          return { outcome: "processed" };
        };
      return undefined;
    };
    const a = await store(t.db, 40, "wa", "status");
    const b = await store(t.db, 20, "wa", "status.read");
    const m = await store(t.db, 3, "wa", "message");
    // Same key from another source is another batch.
    const other = await store(t.db, 2, "other", "status");

    const summary = await sweepInbox(t.db, resolve, clock, { batchSize: 100 });
    expect(summary).toMatchObject({ claimed: 65, processed: 63, ignored: 2 });
    expect(singles).toBe(3);
    // 60 events of one (source, key): chunks of 25, 25 and 10, each in id order.
    expect(statuses.calls.map((c) => c.length)).toEqual([25, 25, 10]);
    expect(statuses.calls.flat()).toEqual([...a, ...b]);
    const stored = await rows(t.db, [...a, ...b, ...m]);
    expect(stored.every((r) => r.status === "processed" && r.attempts === 1 && r.lockedUntil === null)).toBe(
      true,
    );
    expect((await rows(t.db, other)).map((r) => r.status)).toEqual(["ignored", "ignored"]);
  });

  it("records each event's own outcome: processed, ignored with its reason, or retried with its error", async () => {
    const ids = await store(t.db, 6);
    const { handler } = recorder("s", (e) => {
      const n = (e.payload as { n: number }).n % 3;
      if (n === 0) return { outcome: "processed" };
      if (n === 1) return { outcome: "ignored", reason: "unknown message id" };
      return { outcome: "error", error: "message row not written yet" };
    });
    await sweepInbox(t.db, () => handler, clock);
    for (const r of await rows(t.db, ids)) {
      const n = (r.payload as { n: number }).n % 3;
      if (n === 0) expect(r).toMatchObject({ status: "processed", lastError: null });
      if (n === 1) expect(r).toMatchObject({ status: "ignored", note: "unknown message id" });
      if (n === 2) {
        expect(r).toMatchObject({ status: "pending", lastError: "message row not written yet", attempts: 1 });
        // Backoff after the first attempt: 10 s.
        expect(r.lockedUntil!.toISOString()).toBe("2025-06-01T10:00:10.000Z");
      }
    }
  });

  it("retries the events of a throwing batch one by one, so only the poison event waits", async () => {
    const ids = await store(t.db, 5);
    const poison = ids[2]!;
    const calls: number[][] = [];
    const handler = inboundBatchHandler({
      key: "s",
      async handle({ events }) {
        calls.push(events.map((e) => e.id));
        if (events.some((e) => e.id === poison)) throw new Error("bad status payload");
        return events.map(() => ({ outcome: "processed" }) as const);
      },
    });
    const summary = await sweepInbox(t.db, () => handler, clock);
    expect(summary).toMatchObject({ processed: 4, retry: 1 });
    expect(calls[0]).toEqual(ids);
    expect(calls.slice(1)).toEqual(ids.map((id) => [id]));
    const after = await rows(t.db, ids);
    expect(after.filter((r) => r.status === "processed").map((r) => r.id)).toEqual(
      ids.filter((i) => i !== poison),
    );
    expect(after.find((r) => r.id === poison)).toMatchObject({
      status: "pending",
      lastError: "Error: bad status payload",
    });
  });

  it("treats a batch answering the wrong number of outcomes as a failed batch", async () => {
    const ids = await store(t.db, 3);
    const handler = inboundBatchHandler({
      key: "s",
      handle: async ({ events }) =>
        events.length > 1 ? [{ outcome: "processed" }] : [{ outcome: "processed" }],
    });
    const summary = await sweepInbox(t.db, () => handler, clock);
    expect(summary).toMatchObject({ processed: 3 });
    expect((await rows(t.db, ids)).every((r) => r.status === "processed")).toBe(true);
  });

  it("runs a batch handler for one event through processInboundEvent (the Inngest per-event path)", async () => {
    const [id] = await store(t.db, 1);
    const { calls, handler } = recorder("s", () => ({ outcome: "ignored", reason: "stale status" }));
    expect(await processInboundEvent(t.db, id!, () => handler, clock)).toEqual({
      id,
      result: "ignored",
      reason: "stale status",
    });
    expect(calls).toEqual([[id]]);
    // Called directly, the handler answers like any other.
    const [row] = await rows(t.db, [id!]);
    expect(await handler({ db: t.db, event: row!, clock })).toEqual({
      outcome: "ignored",
      reason: "stale status",
    });
  });

  it("does not overwrite rows another worker took over after this one's lease expired", async () => {
    const ids = await store(t.db, 4);
    let taken = false;
    const handler = inboundBatchHandler({
      key: "s",
      async handle({ events }) {
        if (!taken) {
          taken = true;
          // While this batch runs, its leases run out and another worker claims two of the rows.
          const later = new Date(clock.now().getTime() + 10 * 60_000);
          await claimInbound(t.db, { limit: 2, now: later });
        }
        return events.map(() => ({ outcome: "processed" }) as const);
      },
    });
    const claimed = await claimInbound(t.db, { limit: 10, now: clock.now(), leaseMs: 1000 });
    const results = await processClaimedRows(t.db, claimed, () => handler, clock);
    expect(results.map((r) => r.result)).toEqual(["lease-lost", "lease-lost", "processed", "processed"]);
    const after = await rows(t.db, ids);
    expect(after.map((r) => [r.status, r.attempts])).toEqual([
      ["processing", 2],
      ["processing", 2],
      ["processed", 1],
      ["processed", 1],
    ]);
  });

  it("the in-process runner drains a dispatched burst with batch claims and large batches", async () => {
    const { calls, handler } = recorder("s");
    const runner = new InboxRunner({
      db: t.db,
      resolve: () => handler,
      pollIntervalMs: 60_000,
      batchSize: 100,
    });
    const ids = await store(t.db, 150);
    for (const id of ids) runner.enqueue(id);
    await runner.idle();
    expect(runner.status()).toMatchObject({ processed: 150, queued: 0, inFlight: 0 });
    // Far fewer calls than events: the drain claimed many rows at once.
    expect(calls.length).toBeLessThanOrEqual(10);
    expect(calls.flat().sort((x, y) => x - y)).toEqual(ids);
    const [row] = await t.db
      .select()
      .from(inboundEvents)
      .where(eq(inboundEvents.id, ids.at(-1)!));
    expect(row!.status).toBe("processed");
    await runner.stop();
  });
});
