import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { defaultGuardSettings, saveGuardSettings } from "@/lib/guard";
import { fixedClock } from "@/lib/time";
import {
  advanceBroadcast,
  broadcastSteps,
  composeBroadcast,
  defaultWhatsAppSettings,
  getBroadcast,
  guardAtSend,
  startBroadcast,
  type AdvanceResult,
  type Ahead,
  type WhatsAppSettings,
} from "@/lib/whatsapp";
import { engines, testDb, type TestDb } from "../support/db";
import { addOptedInSegment } from "./broadcast-audience";
import { addLocations, addSku } from "./guard-store";

/*
 * The in-process runner's steps read each batch (recipients, the guard's answer) while the batch
 * before it is written. What must hold: the same messages as step by step, each recipient once;
 * a read-ahead is used only by the step that starts where it starts, and a failed one is read
 * again instead of failing the send.
 */
const clock = fixedClock("2026-06-01T06:30:00Z");
// Each test sends a broadcast of its own to the same phones: the contact budget must not decide.
const settings: WhatsAppSettings = {
  ...defaultWhatsAppSettings(),
  messagingTier: 0,
  pressureMaxMarketing: 50,
};
const phone = (i: number) => `9192${String(i).padStart(8, "0")}`;
const N = 25;

describe.each(engines)("broadcast steps with read-ahead on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
    await addLocations(t.db);
    await saveGuardSettings(t.db, { ...defaultGuardSettings(), minMarginPct: -100 });
    await addSku(t.db, {
      sku: "D-BAGRU-1",
      pricePaise: 120_000,
      createdAt: new Date("2026-05-20T00:00:00Z"),
    });
    await addOptedInSegment(
      t.db,
      "vip",
      Array.from({ length: N }, (_, i) => phone(i)),
    );
    await t.db.execute(
      sql`insert into wa_templates (name, language, category, status, components) values
          ('drop', 'en', 'MARKETING', 'APPROVED', ${JSON.stringify([{ type: "BODY", text: "{{1}} {{2}}" }])}::jsonb)`,
    );
  });
  afterAll(() => t.drop());

  const started = async () => {
    const { broadcast } = await composeBroadcast(
      t.db,
      {
        name: "b",
        segmentKey: "vip",
        templateName: "drop",
        language: "en",
        params: ["{{name}}", "{{link}}"],
        skus: ["D-BAGRU-1"],
      },
      { clock, settings },
    );
    await startBroadcast(t.db, broadcast.id, { clock, settings });
    return broadcast.id;
  };
  const phonesOf = async (id: number) =>
    (
      await queryRows<{ phone: string; status: string }>(
        t.db,
        sql`select phone, status from wa_messages where broadcast_id = ${id} order by phone`,
      )
    ).map((r) => `${r.phone}:${r.status}`);
  const deps = { clock, settings, batchSize: 10, lowWater: Number.POSITIVE_INFINITY };

  it("writes every recipient once, each batch read while the one before was written", async () => {
    const id = await started();
    const seen: AdvanceResult[] = [];
    for await (const r of broadcastSteps(t.db, id, deps)) {
      seen.push(r);
      if (r.state !== "batch") break;
    }
    const batches = seen.filter((r) => r.state === "batch");
    expect(batches.map((r) => r.batch.recipients)).toEqual([10, 10, 5]);
    // Each batch handed the next step a read-ahead starting at its own cursor.
    expect(batches.map((r) => r.ahead?.after)).toEqual(batches.map((r) => r.cursor));
    // Nothing is sent here, so the end is "draining": recipients all written, messages waiting.
    expect(seen.at(-1)).toMatchObject({ state: "draining", backlog: N });
    expect(await phonesOf(id)).toEqual(Array.from({ length: N }, (_, i) => `${phone(i)}:queued`));
  });

  it("reads ahead only while the next step will write, and waits over the low-water mark", async () => {
    const id = await started();
    const step = (over: object) =>
      advanceBroadcast(t.db, id, { ...deps, lowWater: 15, lookahead: true, ...over });
    // 0 queued + 10 written <= 15: the next step writes, so the next batch is read ahead.
    const first = await step({ cursor: null });
    expect(first.state === "batch" && first.ahead?.after).toBe(phone(9));
    // 10 queued + 10 written > 15: the step after it will wait, so nothing is read ahead.
    const second = await step({ cursor: phone(9), ahead: first.state === "batch" ? first.ahead : undefined });
    expect(second.state === "batch" && [second.cursor, second.ahead]).toEqual([phone(19), undefined]);
    // 20 queued, 15 allowed: wait for 5 messages at the broadcast's 80/s (the 200 ms floor).
    expect(await step({ cursor: phone(19) })).toEqual({
      state: "wait",
      waitMs: 200,
      cursor: phone(19),
      backlog: 20,
    });
    expect(await phonesOf(id)).toHaveLength(20);
  });

  it("uses a read-ahead only at its own cursor, and reads again when one failed", async () => {
    const id = await started();
    const b = (await getBroadcast(t.db, id))!;
    const guard = await guardAtSend(t.db, b, clock);
    // A stand-in read-ahead whose one recipient is not in the segment: where it is used, that
    // phone gets a row (skipped: no opt-in on record), which no fresh read would give it.
    const stranger = "919999999999";
    const fake = (after: string | null): Ahead => ({
      after,
      size: 10,
      batch: Promise.resolve({
        page: [{ phone: stranger, customerId: null, name: null, consent: "none", lastInboundAt: null }],
        guard,
      }),
    });

    const elsewhere = await advanceBroadcast(t.db, id, { ...deps, cursor: null, ahead: fake(phone(3)) });
    expect(elsewhere.state === "batch" && elsewhere.batch.recipients).toBe(10);
    expect(await phonesOf(id)).not.toContain(`${stranger}:skipped`);

    const failed: Ahead = { after: phone(9), size: 10, batch: Promise.reject(new Error("connection reset")) };
    failed.batch.catch(() => {});
    const reread = await advanceBroadcast(t.db, id, { ...deps, cursor: phone(9), ahead: failed });
    expect(reread.state === "batch" && reread.cursor).toBe(phone(19));

    const here = await advanceBroadcast(t.db, id, { ...deps, cursor: phone(19), ahead: fake(phone(19)) });
    expect(here.state === "batch" && here.batch).toMatchObject({ recipients: 1, skipped: 1 });
    const rows = await phonesOf(id);
    expect(rows).toContain(`${stranger}:skipped`);
    expect(rows.filter((r) => r.endsWith(":queued"))).toHaveLength(20);
  });
});
