import { z } from "zod";
import type { Db } from "@/db";
import { appSetting } from "@/lib/config/app-setting";

/*
 * Owner settings for WhatsApp selling, one JSON value in app_settings. Every field has a default
 * so a store with nothing saved behaves sensibly, and a partial save keeps the rest.
 */
const paise = z.number().int().min(0);

export const whatsappSettingsSchema = z.object({
  /** Contact pressure: at most this many marketing messages per customer in `pressureDays` days. */
  pressureMaxMarketing: z.number().int().min(0).max(50).default(2),
  pressureDays: z.number().int().min(1).max(90).default(7),
  /** What happens to a send that would exceed the budget: wait until it frees up, or skip it. */
  overBudget: z.enum(["reschedule", "skip"]).default("reschedule"),
  /** The number's throughput (messages/s, in + out): 80 by default, up to 1000 once upgraded. */
  throughputPerSecond: z.number().int().min(1).max(1000).default(80),
  /**
   * The portfolio's messaging tier: unique users reached outside a service window per rolling
   * 24 h (250, 2000, 10000, 100000; 0 = unlimited).
   */
  messagingTier: z.number().int().min(0).default(2000),
  /** Price per delivered message by category, in paise (India; check Meta's rate card). */
  pricePaise: z
    .object({
      marketing: paise.default(86),
      utility: paise.default(12),
      authentication: paise.default(12),
      service: paise.default(0),
    })
    .prefault({}),
  /** The Meta catalog id products are synced to and product messages point at. */
  catalogId: z.string().default("sandbox-catalog"),
  /** The storefront's origin, for checkout and product links in messages. */
  storefrontUrl: z.url().default("https://shop.example.in"),
  templateLanguage: z.string().default("en"),
  flows: z
    .object({
      cartRecovery: z
        .object({
          enabled: z.boolean().default(true),
          firstDelayMinutes: z
            .number()
            .int()
            .min(5)
            .max(24 * 60)
            .default(60),
          secondNudgeHours: z.number().int().min(2).max(23).default(23),
          template: z.string().default("cart_reminder"),
          secondTemplate: z.string().default("cart_last_call"),
        })
        .prefault({}),
      orderUpdates: z
        .object({
          enabled: z.boolean().default(true),
          placedTemplate: z.string().default("order_placed"),
          shippedTemplate: z.string().default("order_shipped"),
          deliveredTemplate: z.string().default("order_delivered"),
          codConfirmTemplate: z.string().default("cod_confirm"),
        })
        .prefault({}),
      catalogSync: z.object({ enabled: z.boolean().default(true) }).prefault({}),
    })
    .prefault({}),
});

export type WhatsAppSettings = z.infer<typeof whatsappSettingsSchema>;
export type WhatsAppSettingsInput = z.input<typeof whatsappSettingsSchema>;

export const WHATSAPP_SETTINGS_KEY = "whatsapp.settings";

const setting = appSetting(WHATSAPP_SETTINGS_KEY, whatsappSettingsSchema);

export const defaultWhatsAppSettings: () => WhatsAppSettings = setting.defaults;
export const readWhatsAppSettings: (db: Db) => Promise<WhatsAppSettings> = setting.read;
export const saveWhatsAppSettings: (db: Db, input: WhatsAppSettingsInput) => Promise<WhatsAppSettings> =
  setting.save;
