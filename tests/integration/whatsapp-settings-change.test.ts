import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeWhatsAppSettings, setFlowEnabled } from "@/lib/whatsapp/flow-switches";
import { readWhatsAppSettings } from "@/lib/whatsapp/settings";
import { engines, testDb, type TestDb } from "../support/db";

describe.each(engines)("WhatsApp settings changes on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(engine);
  });
  afterAll(() => t.drop());

  it("persists a flow switch and keeps earlier changes", async () => {
    expect((await changeWhatsAppSettings(t.db, { pressureMaxMarketing: 3 })).ok).toBe(true);
    expect((await setFlowEnabled(t.db, "orderUpdates", false)).ok).toBe(true);
    const s = await readWhatsAppSettings(t.db);
    expect(s.flows.orderUpdates.enabled).toBe(false);
    expect(s.flows.cartRecovery.enabled).toBe(true);
    expect(s.pressureMaxMarketing).toBe(3);
  });

  it("keeps both of two switches flipped at the same moment", async () => {
    await Promise.all([
      setFlowEnabled(t.db, "cartRecovery", false),
      setFlowEnabled(t.db, "catalogSync", false),
    ]);
    const s = await readWhatsAppSettings(t.db);
    expect([s.flows.cartRecovery.enabled, s.flows.catalogSync.enabled]).toEqual([false, false]);
  });

  it("saves nothing when a change is invalid", async () => {
    const before = await readWhatsAppSettings(t.db);
    const r = await changeWhatsAppSettings(t.db, { throughputPerSecond: 5000, pressureDays: 2 });
    expect(r.ok).toBe(false);
    expect(await readWhatsAppSettings(t.db)).toEqual(before);
  });
});
