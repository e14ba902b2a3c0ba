import { z } from "zod";
import type { Db } from "@/db";
import { appSetting } from "@/lib/config/app-setting";

/*
 * Owner settings for the guard, kept as one JSON value in app_settings. Every field has a default,
 * so a store with nothing saved gets sane thresholds and a partial save keeps the rest.
 */
const count = z.number().int().min(0);
const pct = z.number().min(0).max(100);

export const guardSettingsSchema = z.object({
  /** low_stock when available is below this (strictly), unless a SKU or category says otherwise. */
  lowStockDefault: count.default(3),
  lowStockBySku: z.record(z.string(), count).default({}),
  lowStockByCategory: z.record(z.string(), count).default({}),
  /** dead when the last counted sale (or the listing, if never sold) is more than this many days ago. */
  deadAfterDays: z.number().int().min(1).max(3650).default(120),
  /** low_margin when the contribution margin below (strictly) this percentage of the net price. */
  minMarginPct: z.number().min(-100).max(100).default(20),
  /** Discount assumed when a SKU is promoted (promotions usually carry one). */
  promoDiscountPct: pct.default(10),
  /** Cash-on-delivery fee the courier charges per order: flat plus a share of the order value. */
  codFeePaise: count.default(4000),
  codFeePct: pct.default(2),
  /** Shipping cost the store bears per order and per item. */
  shippingPerOrderPaise: count.default(6000),
  shippingPerItemPaise: count.default(0),
});

export type GuardSettings = z.infer<typeof guardSettingsSchema>;
export type GuardSettingsInput = z.input<typeof guardSettingsSchema>;

export const GUARD_SETTINGS_KEY = "guard.settings";

const setting = appSetting(GUARD_SETTINGS_KEY, guardSettingsSchema);

export const defaultGuardSettings: () => GuardSettings = setting.defaults;
export const readGuardSettings: (db: Db) => Promise<GuardSettings> = setting.read;
export const saveGuardSettings: (db: Db, input: GuardSettingsInput) => Promise<GuardSettings> = setting.save;

/** The low-stock threshold that applies to one SKU: its own, else its category's, else the default. */
export function lowStockThreshold(s: GuardSettings, sku: string, category: string | null): number {
  if (Object.hasOwn(s.lowStockBySku, sku)) return s.lowStockBySku[sku]!;
  if (category !== null && Object.hasOwn(s.lowStockByCategory, category))
    return s.lowStockByCategory[category]!;
  return s.lowStockDefault;
}
