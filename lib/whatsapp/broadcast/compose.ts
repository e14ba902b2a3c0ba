import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { waBroadcasts, waTemplates } from "@/db/schema";
import { guardPromotion } from "@/lib/guard";
import { HttpError } from "@/lib/http";
import { findSegment } from "@/lib/segments";
import type { Clock } from "@/lib/time";
import { placeholderCount, templateBody } from "../cockpit/templates";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import {
  broadcastDraftSchema,
  type Broadcast,
  type BroadcastDraft,
  type BroadcastDraftInput,
} from "./schema";

/*
 * Compose: everything that can be refused is refused here, with the reason, before anything is
 * stored: an unknown segment, a template that is not approved (or that a send error marked), the
 * wrong number of values, and featured SKUs the guard blocks (refused, or swapped for their
 * substitute when the owner allows it). The guard is asked again per batch at send time.
 */

export interface ComposeDeps {
  clock: Clock;
  settings?: WhatsAppSettings;
}

export interface TemplateInfo {
  name: string;
  language: string;
  category: "marketing" | "utility" | "authentication";
  params: number;
}

/** The template, if a broadcast may use it; otherwise a 400 naming why not. */
export async function usableTemplate(db: Db, name: string, language: string): Promise<TemplateInfo> {
  const [t] = await db
    .select()
    .from(waTemplates)
    .where(and(eq(waTemplates.name, name), eq(waTemplates.language, language)));
  if (!t)
    throw new HttpError(
      400,
      "template_unknown",
      `No template "${name}" (${language}); sync templates first.`,
    );
  if (t.status !== "APPROVED") {
    throw new HttpError(400, "template_not_approved", `Template "${name}" is ${t.status}, not APPROVED.`);
  }
  if (t.problem)
    throw new HttpError(400, "template_not_usable", `Template "${name}" is not usable: ${t.problem}`);
  const category = t.category.toLowerCase();
  if (category !== "marketing" && category !== "utility" && category !== "authentication") {
    throw new HttpError(
      400,
      "template_category",
      `Template "${name}" has an unknown category ${t.category}.`,
    );
  }
  return { name, language, category, params: placeholderCount(templateBody(t.components)) };
}

/** Checks the draft against the segments, the templates and the values; no guard, nothing stored. */
export async function validateDraft(
  db: Db,
  input: BroadcastDraftInput,
): Promise<{
  draft: BroadcastDraft;
  template: TemplateInfo;
}> {
  const parsed = broadcastDraftSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new HttpError(400, "invalid_body", `Invalid broadcast: ${i?.path.join(".")}: ${i?.message}`);
  }
  const draft = parsed.data;
  if (!(await findSegment(db, draft.segmentKey))) {
    throw new HttpError(404, "segment_unknown", `No segment "${draft.segmentKey}".`);
  }
  const template = await usableTemplate(db, draft.templateName, draft.language);
  if (draft.params.length !== template.params) {
    throw new HttpError(
      400,
      "template_params",
      `Template "${template.name}" takes ${template.params} value(s); ${draft.params.length} given.`,
    );
  }
  const empty = draft.params.findIndex((p) => p.trim() === "");
  if (empty >= 0) throw new HttpError(400, "template_params", `Value for {{${empty + 1}}} is empty.`);
  return { draft, template };
}

const describeReasons = (reasons: { code: string; detail: string }[]) =>
  reasons.map((r) => `${r.code}: ${r.detail}`).join("; ");

/**
 * The guard at compose (audited): every featured SKU promotable, or swapped when allowed;
 * anything still blocked refuses the broadcast with the guard's reasons.
 */
export async function composeGuard(db: Db, skus: readonly string[], allowSwap: boolean, clock: Clock) {
  const decision = await guardPromotion(db, { surface: "whatsapp", skus, allowSwap }, { clock });
  if (decision.blocked.length > 0) {
    const why = decision.blocked.map((b) => `${b.sku} (${describeReasons(b.reasons)})`).join(", ");
    throw new HttpError(
      422,
      "guard_blocked",
      `The inventory guard blocks ${why}${allowSwap ? "; no substitute is promotable" : ""}.`,
    );
  }
  return decision;
}

/** Validates, asks the guard (audited), and stores the broadcast as a draft. */
export async function composeBroadcast(
  db: Db,
  input: BroadcastDraftInput,
  deps: ComposeDeps,
): Promise<{ broadcast: Broadcast; guard: { swapped: { from: string; to: string }[] } }> {
  const { draft } = await validateDraft(db, input);
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  let skus: string[] = [];
  const notes: string[] = [];
  let swapped: { from: string; to: string }[] = [];
  if (draft.skus.length > 0) {
    const decision = await composeGuard(db, draft.skus, draft.allowSwap, deps.clock);
    skus = [...decision.allowed];
    swapped = decision.swapped.map((s) => ({ from: s.from, to: s.to }));
    for (const s of decision.swapped) {
      notes.push(`compose: ${s.from} swapped for ${s.to} (${describeReasons(s.reasons)})`);
    }
  }
  const rate = Math.min(draft.ratePerSecond ?? settings.throughputPerSecond, settings.throughputPerSecond);
  const [row] = await db
    .insert(waBroadcasts)
    .values({
      name: draft.name,
      segmentKey: draft.segmentKey,
      templateName: draft.templateName,
      language: draft.language,
      skus,
      params: draft.params,
      status: "draft",
      ratePerSecond: rate,
      guardNotes: notes,
      createdAt: deps.clock.now(),
    })
    .returning();
  return { broadcast: normalise(row!), guard: { swapped } };
}

/** bigint paise columns come back as strings from postgres.js; the API speaks numbers. */
export const normalise = (b: Broadcast): Broadcast => ({
  ...b,
  estimatedCostPaise: Number(b.estimatedCostPaise),
});
