import { z } from "zod";
import type { Db } from "@/db";
import { appSetting } from "@/lib/config/app-setting";

/* Owner settings for the segment rules, one JSON value in app_settings; every field defaulted. */
export const segmentSettingsSchema = z.object({
  /** RFM scores customers with a counted order in this many months. */
  rfmWindowMonths: z.number().int().min(1).max(120).default(24),
  /** VIP when R + F + M (each 1-5) reaches this; 13 of 15 is roughly the top band. */
  vipMinScore: z.number().int().min(3).max(15).default(13),
  /** at_risk when days since the last order exceed this multiple of the customer's median gap. */
  atRiskGapFactor: z.number().min(1).max(10).default(1.5),
  /** churned when the last counted order is at least this many days old. */
  churnDays: z.number().int().min(30).max(3650).default(365),
  /** Medusa customer groups (case-insensitive names) whose members are wholesale. */
  wholesaleGroupNames: z.array(z.string().min(1)).default(["wholesale", "b2b"]),
  /** wholesale when any counted order reaches this total (₹25,000 by default)… */
  wholesaleMinOrderPaise: z.number().int().min(1).default(2_500_000),
  /** …or this many units. */
  wholesaleMinOrderUnits: z.number().int().min(1).default(20),
});

export type SegmentSettings = z.infer<typeof segmentSettingsSchema>;
export type SegmentSettingsInput = z.input<typeof segmentSettingsSchema>;

export const SEGMENT_SETTINGS_KEY = "segments.settings";

const setting = appSetting(SEGMENT_SETTINGS_KEY, segmentSettingsSchema);

export const defaultSegmentSettings: () => SegmentSettings = setting.defaults;
export const readSegmentSettings: (db: Db) => Promise<SegmentSettings> = setting.read;
export const saveSegmentSettings: (db: Db, input: SegmentSettingsInput) => Promise<SegmentSettings> =
  setting.save;
