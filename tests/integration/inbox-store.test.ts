import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundEvents } from "@/db/schema/inbox";
import { openDb, queryRows, type Db, type DbHandle } from "@/db";
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

  it("writes concurrent events with a few multi-row inserts, each caller getting its own row", async () => {
    let inserts = 0;
    // Counts INSERT statements (the store sends them with execute; its reads use select);
    // otherwise the real database.
    const counted = new Proxy(t.db, {
      get(target, prop, receiver) {
        if (prop === "execute") inserts++;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    }) as Db;
    const n = 120;
    const inputs = Array.from({ length: n }, (_, i) => ({
      source: "group",
      // Every tenth delivery repeats the one before it, as Medusa's retries would.
      externalId: `g-${i % 10 === 9 ? i - 1 : i}`,
      name: "n",
      rawBody: `body ${i}`,
      payload: { i },
    }));
    const results = await Promise.all(inputs.map((input) => storeInbound(counted, input)));

    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThan(n / 4);
    const rows = await t.db.select().from(inboundEvents).where(eq(inboundEvents.source, "group"));
    expect(rows).toHaveLength(108);
    const byId = new Map(rows.map((r) => [r.id, r]));
    results.forEach((r, i) => {
      const row = byId.get(r.id)!;
      expect(row.externalId).toBe(inputs[i]!.externalId);
      // The first delivery of a key is stored; the repeat answers duplicate with the same id.
      expect(r.duplicate).toBe(i % 10 === 9);
      if (!r.duplicate) expect(row.payload).toEqual({ i });
    });
  });

  it("fails only the event the database refuses, not the others written with it", async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => ({
      source: "poison",
      externalId: `p-${i}`,
      name: "n",
      // text cannot hold a NUL character: Postgres refuses this one row.
      rawBody: i === 3 ? '{"text":"a\u0000b"}' : "{}",
      payload: { i },
    }));
    const settled = await Promise.allSettled(inputs.map((input) => storeInbound(t.db, input)));
    expect(settled.map((s) => s.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    const rows = await t.db.select().from(inboundEvents).where(eq(inboundEvents.source, "poison"));
    expect(rows.map((r) => r.externalId).sort()).toEqual(["p-0", "p-1", "p-2", "p-4", "p-5"]);
  });

  it("keeps a payload exactly as parsed, escaped NUL characters included", async () => {
    // The payload column is json (kept as written), so a \u0000 escape a sender put in a field is
    // stored and read back instead of refusing the webhook.
    const payload = { text: "a\u0000b", nested: { list: [1, "दो", null] } };
    const { id } = await storeInbound(t.db, {
      source: "nul",
      externalId: "n-1",
      name: "n",
      rawBody: JSON.stringify(payload),
      payload,
    });
    const [row] = await t.db.select().from(inboundEvents).where(eq(inboundEvents.id, id));
    expect(row!.payload).toEqual(payload);
  });
});

describe.each(engines.filter((e) => e === "postgres"))("storing across connections on %s", (engine) => {
  let t: TestDb;
  let other: DbHandle;
  beforeAll(async () => {
    t = await testDb(engine);
    other = await openDb({ engine: "postgres", url: t.url!, max: 2 });
  });
  afterAll(async () => {
    await other.close();
    await t.drop();
  });

  it("answers duplicate with the other connection's id when both stored the same event at once", async () => {
    // Another process's insert of the key is in flight when this one's statement starts: the
    // conflict waits for it, and the row it commits is newer than this statement's snapshot,
    // so only the follow-up lookup can find it.
    let mine: Promise<{ id: number; duplicate: boolean }> | undefined;
    const theirs = await other.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: number | string }>(
        tx,
        sql`insert into inbound_events (source, external_id, name, raw_body, payload)
            values ('medusa', 'both', 'n', '', '{}') returning id`,
      );
      mine = storeInbound(t.db, {
        source: "medusa",
        externalId: "both",
        name: "n",
        rawBody: "",
        payload: {},
      });
      await new Promise((r) => setTimeout(r, 300));
      return Number(row!.id);
    });
    expect(await mine).toEqual({ id: theirs, duplicate: true });
    const rows = await t.db.select().from(inboundEvents).where(eq(inboundEvents.externalId, "both"));
    expect(rows).toHaveLength(1);
  });
});
