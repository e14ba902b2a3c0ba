import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { defaultGuardSettings, saveGuardSettings } from "@/lib/guard";
import { fixedClock } from "@/lib/time";
import {
  advanceBroadcast,
  cancelBroadcast,
  composeBroadcast,
  defaultWhatsAppSettings,
  pauseBroadcast,
  startBroadcast,
  type WhatsAppSettings,
} from "@/lib/whatsapp";
import { engines, testDb, type TestDb } from "../support/db";
import { addOptedInSegment } from "./broadcast-audience";
import { addLocations, addSku, setStock } from "./guard-store";

/*
 * The broadcast's guard and lifecycle, on both engines: a blocked SKU refuses the compose (or is
 * swapped when allowed); a featured SKU that sells out mid-send is swapped for later batches and
 * noted; pause holds queued messages and start resumes them; cancel skips what has not gone.
 */
const clock = fixedClock("2026-06-01T06:30:00Z");
const recent = { createdAt: new Date("2026-05-20T00:00:00Z") };
const settings: WhatsAppSettings = {
  ...defaultWhatsAppSettings(),
  messagingTier: 0,
  throughputPerSecond: 80,
};
const phone = (i: number) => `9191${String(i).padStart(8, "0")}`;

describe.each(engines)("broadcast guard and lifecycle on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
    await addLocations(t.db);
    await saveGuardSettings(t.db, { ...defaultGuardSettings(), minMarginPct: -100 });
    await addSku(t.db, { sku: "D-SANG-1500", pricePaise: 150_000, ...recent });
    await addSku(t.db, { sku: "D-SANG-1300", pricePaise: 130_000, ...recent });
    await addSku(t.db, { sku: "D-OOS", levels: [[0, 0]], pricePaise: 150_000, ...recent });
    await addOptedInSegment(
      t.db,
      "vip",
      Array.from({ length: 30 }, (_, i) => phone(i)),
    );
    await t.db.execute(
      sql`insert into wa_templates (name, language, category, status, components) values
          ('drop', 'en', 'MARKETING', 'APPROVED', ${JSON.stringify([{ type: "BODY", text: "{{1}} {{2}}" }])}::jsonb),
          ('pending_one', 'en', 'MARKETING', 'PENDING', '[]'::jsonb)`,
    );
  });
  afterAll(() => t.drop());

  const draft = (over: object = {}) => ({
    name: "b",
    segmentKey: "vip",
    templateName: "drop",
    language: "en",
    params: ["{{products}}", "{{link}}"],
    skus: ["D-SANG-1500"],
    ...over,
  });

  it("refuses an unknown segment, an unapproved template, wrong values and a blocked SKU", async () => {
    const refused = async (over: object) =>
      composeBroadcast(t.db, draft(over), { clock, settings }).then(
        () => null,
        (e: { status: number; code: string; message: string }) => [e.status, e.code, e.message],
      );
    expect((await refused({ segmentKey: "nope" }))?.slice(0, 2)).toEqual([404, "segment_unknown"]);
    expect((await refused({ templateName: "pending_one" }))?.slice(0, 2)).toEqual([
      400,
      "template_not_approved",
    ]);
    expect((await refused({ params: ["x"] }))?.slice(0, 2)).toEqual([400, "template_params"]);
    const blocked = await refused({ skus: ["D-OOS"] });
    expect(blocked?.slice(0, 2)).toEqual([422, "guard_blocked"]);
    expect(blocked?.[2]).toContain("out_of_stock");
    const { broadcast, guard } = await composeBroadcast(t.db, draft({ skus: ["D-OOS"], allowSwap: true }), {
      clock,
      settings,
    });
    expect(broadcast.skus).toEqual(["D-SANG-1500"]);
    expect(guard.swapped).toEqual([{ from: "D-OOS", to: "D-SANG-1500" }]);
  });

  it("swaps a SKU that sold out mid-send for the batches after, and notes it", async () => {
    const { broadcast } = await composeBroadcast(t.db, draft(), { clock, settings });
    await startBroadcast(t.db, broadcast.id, { clock, settings });
    const step = (lowWater = Number.POSITIVE_INFINITY) =>
      advanceBroadcast(t.db, broadcast.id, { clock, settings, batchSize: 10, lowWater });
    expect((await step()).state).toBe("batch");
    await setStock(t.db, "D-SANG-1500", [[0, 0]], new Date("2026-06-01T06:00:00Z"));
    expect((await step()).state).toBe("batch");
    const rows = await queryRows<{ phone: string; link: string }>(
      t.db,
      sql`select phone, body->'template'->'components'->0->'parameters'->1->>'text' as link
          from wa_messages where broadcast_id = ${broadcast.id} order by phone`,
    );
    expect(rows.length).toBe(20);
    const items = rows.map((r) => new URL(r.link).searchParams.get("items"));
    expect(items.slice(0, 10).every((i) => i === "D-SANG-1500:1")).toBe(true);
    expect(items.slice(10).every((i) => i === "D-SANG-1300:1")).toBe(true);
    const [b] = await queryRows<{ guard_notes: string[] }>(
      t.db,
      sql`select guard_notes from wa_broadcasts where id = ${broadcast.id}`,
    );
    expect(b!.guard_notes).toHaveLength(1);
    expect(b!.guard_notes[0]).toMatch(/^send: D-SANG-1500 swapped for D-SANG-1300 \(out_of_stock\)/);
    await setStock(t.db, "D-SANG-1500", [[10, 0]], new Date("2026-06-01T06:10:00Z"));

    // Pause holds the queued messages; start resumes them; cancel skips what has not gone.
    await pauseBroadcast(t.db, broadcast.id);
    expect((await step()).state).toBe("stopped");
    const [held] = await queryRows<{ n: number | string }>(
      t.db,
      sql`select count(*) as n from wa_messages where broadcast_id = ${broadcast.id} and status = 'queued'
            and not_before <= ${clock.now().toISOString()}::timestamptz`,
    );
    expect(Number(held!.n)).toBe(0);
    await startBroadcast(t.db, broadcast.id, { clock, settings });
    expect((await step()).state).toBe("batch");
    const canceled = await cancelBroadcast(t.db, broadcast.id, { clock });
    expect([canceled.status, canceled.queued, canceled.skipped]).toEqual(["canceled", 0, 30]);
    expect((await step()).state).toBe("stopped");
  });
});
