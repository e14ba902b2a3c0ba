import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import {
  readWhatsAppSettings,
  saveWhatsAppSettings,
  whatsappSettingsSchema,
  type WhatsAppSettings,
} from "./settings";

/*
 * Changing the WhatsApp settings from the cockpit: a change names only what it changes (one flow
 * switch, one delay, the budget) and the rest keeps its saved value, so toggling a flow never
 * resets a price the owner set elsewhere. The merged result is validated whole by the settings
 * schema, and keys the schema does not know are refused rather than silently dropped (a typo
 * like "cartRecovry" must not look saved).
 */

/** Which outbox flow (wa_messages.flow) each switch in settings.flows governs. */
export const FLOW_SWITCHES = [
  { key: "cartRecovery", flow: "cart_recovery", label: "Cart recovery" },
  { key: "orderUpdates", flow: "order_update", label: "Order updates" },
  { key: "catalogSync", flow: "catalog", label: "Catalog sync" },
] as const satisfies readonly { key: keyof WhatsAppSettings["flows"]; flow: string; label: string }[];

export type FlowSwitchKey = (typeof FLOW_SWITCHES)[number]["key"];

export interface SettingsIssue {
  path: string;
  message: string;
}

export type SettingsChange =
  { ok: true; settings: WhatsAppSettings } | { ok: false; issues: SettingsIssue[] };

/** Any JSON object; what it may hold is checked against the settings schema after merging. */
export const settingsChangeSchema = z.record(z.string(), z.unknown());

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merge key by key; anything else (numbers, strings, arrays) replaces. */
export function mergeSettings(base: unknown, change: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(change)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeSettings(out[k], v) : v;
  }
  return out;
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional) {
    s = s.unwrap() as z.ZodType;
  }
  return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>) : null;
}

/** Keys in `value` that `schema` has no place for, with their dotted paths. */
export function unknownKeys(schema: z.ZodType, value: unknown, at: string[] = []): SettingsIssue[] {
  const shape = objectShape(schema);
  if (!shape || !isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = [...at, k];
    const child = shape[k];
    if (!child) return [{ path: path.join("."), message: `unknown setting "${k}"` }];
    return unknownKeys(child, v, path);
  });
}

/** Checks a change against the saved settings without saving it. */
export function applySettingsChange(
  current: WhatsAppSettings,
  change: Record<string, unknown>,
): SettingsChange {
  const unknown = unknownKeys(whatsappSettingsSchema, change);
  if (unknown.length > 0) return { ok: false, issues: unknown };
  const parsed = whatsappSettingsSchema.safeParse(mergeSettings(current, change));
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    };
  }
  return { ok: true, settings: parsed.data };
}

/**
 * Saves a change to the WhatsApp settings. Read, merge and write happen under one lock, so two
 * switches flipped at the same moment both stick.
 */
export async function changeWhatsAppSettings(
  db: Db,
  change: Record<string, unknown>,
): Promise<SettingsChange> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`select pg_advisory_xact_lock(hashtext('whatsapp.settings'))`);
    const result = applySettingsChange(await readWhatsAppSettings(t), change);
    if (!result.ok) return result;
    return { ok: true, settings: await saveWhatsAppSettings(t, result.settings) };
  });
}

/** Turns one flow on or off, keeping its delays and templates. */
export function setFlowEnabled(db: Db, key: FlowSwitchKey, enabled: boolean): Promise<SettingsChange> {
  return changeWhatsAppSettings(db, { flows: { [key]: { enabled } } });
}
