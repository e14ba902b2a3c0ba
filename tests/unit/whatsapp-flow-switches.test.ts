import { describe, expect, it } from "vitest";
import { applySettingsChange, mergeSettings } from "@/lib/whatsapp/flow-switches";
import { defaultWhatsAppSettings } from "@/lib/whatsapp/settings";

describe("a settings change names only what it changes", () => {
  it("turns one flow off and keeps every other saved value", () => {
    const current = { ...defaultWhatsAppSettings(), throughputPerSecond: 250 };
    current.flows.cartRecovery.firstDelayMinutes = 90;
    const r = applySettingsChange(current, { flows: { cartRecovery: { enabled: false } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.flows.cartRecovery).toEqual({ ...current.flows.cartRecovery, enabled: false });
    expect(r.settings.flows.orderUpdates.enabled).toBe(true);
    expect(r.settings.throughputPerSecond).toBe(250);
  });

  it("refuses out-of-range values with the path of each", () => {
    const r = applySettingsChange(defaultWhatsAppSettings(), {
      pressureMaxMarketing: -1,
      flows: { cartRecovery: { firstDelayMinutes: 2, enabled: "yes" } },
      pricePaise: { marketing: 86.5 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual([
      "flows.cartRecovery.enabled",
      "flows.cartRecovery.firstDelayMinutes",
      "pressureMaxMarketing",
      "pricePaise.marketing",
    ]);
  });

  it("refuses keys the settings do not have instead of dropping them", () => {
    const r = applySettingsChange(defaultWhatsAppSettings(), {
      flows: { cartRecovry: { enabled: false } },
      colour: "green",
    });
    expect(r).toEqual({
      ok: false,
      issues: [
        { path: "flows.cartRecovry", message: 'unknown setting "cartRecovry"' },
        { path: "colour", message: 'unknown setting "colour"' },
      ],
    });
  });

  it("merges objects and replaces everything else", () => {
    expect(mergeSettings({ a: { b: 1, c: 2 }, d: [1, 2] }, { a: { c: 3 }, d: [9] })).toEqual({
      a: { b: 1, c: 3 },
      d: [9],
    });
  });
});
