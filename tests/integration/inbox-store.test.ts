import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundEvents } from "@/db/schema/inbox";
import { storeInbound } from "@/lib/inbox";
import { fixedClock } from "@/lib/time";
import { engines, testDb, type TestDb } from "../support/db";

describe.each(engines)("storing inbound events on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("stores the raw body and payload as pending, before any processing", async () => {
    const clock = fixedClock("2025-06-01T10:00:00Z");
    const rawBody = '{"name":"order.placed","data":{"id":"order_1"}}';
    const { id, duplicate } = await storeInbound(
      t.db,
      {
        source: "medusa",
        externalId: "evt-1",
        name: "order.placed",
        rawBody,
        payload: JSON.parse(rawBody),
        occurredAt: new Date("2025-06-01T09:59:58Z"),
      },
      clock,
    );
    expect(duplicate).toBe(false);
    const [row] = await t.db.select().from(inboundEvents).where(eq(inboundEvents.id, id));
    expect(row).toMatchObject({
      source: "medusa",
      externalId: "evt-1",
      name: "order.placed",
      rawBody,
      payload: { name: "order.placed", data: { id: "order_1" } },
      status: "pending",
      attempts: 0,
      lastError: null,
      note: null,
      lockedUntil: null,
      processedAt: null,
    });
    expect(row!.receivedAt.toISOString()).toBe("2025-06-01T10:00:00.000Z");
    expect(row!.occurredAt!.toISOString()).toBe("2025-06-01T09:59:58.000Z");
  });

  it("answers a re-delivery with the stored id and changes nothing", async () => {
    const first = await storeInbound(t.db, {
      source: "medusa",
      externalId: "evt-dup",
      name: "order.placed",
      rawBody: "first",
      payload: { n: 1 },
    });
    const again = await storeInbound(t.db, {
      source: "medusa",
      externalId: "evt-dup",
      name: "order.updated",
      rawBody: "second",
      payload: { n: 2 },
    });
    expect(again).toEqual({ id: first.id, duplicate: true });
    const rows = await t.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, "evt-dup"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "order.placed", rawBody: "first", payload: { n: 1 } });
  });

  it("keeps the same external id from different sources apart", async () => {
    const a = await storeInbound(t.db, {
      source: "medusa",
      externalId: "x-1",
      name: "a",
      rawBody: "",
      payload: {},
    });
    const b = await storeInbound(t.db, {
      source: "whatsapp",
      externalId: "x-1",
      name: "a",
      rawBody: "",
      payload: {},
    });
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(false);
    expect(b.id).not.toBe(a.id);
  });

  it("stores concurrent deliveries of one event exactly once", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        storeInbound(t.db, { source: "medusa", externalId: "race", name: "n", rawBody: "", payload: {} }),
      ),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  });
});
