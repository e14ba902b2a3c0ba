import type { Db } from "@/db";
import { guardAudit } from "@/db/schema";
import { checkSkus, type CheckOptions } from "./check-skus";
import { readGuardSettings } from "./settings";
import { substituteFor } from "./substitute";
import type { Reason, Surface } from "./verdict";

declare const guarded: unique symbol;

/**
 * A SKU list that came out of guardPromotion. Channel, bundle, campaign and agent code takes this
 * type, not `string[]`, for anything it shows or sends: the only way to make one is to ask the
 * guard, so an unchecked list does not compile.
 */
export type GuardedSkus = readonly string[] & { readonly [guarded]: Surface };

export interface PromotionRequest {
  surface: Surface;
  skus: readonly string[];
  /** Replace a blocked SKU with its best promotable substitute instead of dropping it. */
  allowSwap: boolean;
}

export interface PromotionDecision {
  surface: Surface;
  /** What may be promoted, in the order asked, substitutes in place of the SKUs they replace. */
  allowed: GuardedSkus;
  swapped: { from: string; to: string; reasons: Reason[] }[];
  blocked: { sku: string; reasons: Reason[] }[];
  checkedAt: Date;
}

/**
 * The single gate for every path that promotes or lists a SKU. It checks live at the moment of
 * acting (never from the stored verdicts, which an in-flight stock event may not have updated),
 * and writes an audit row for every SKU it suppressed.
 */
export async function guardPromotion(
  db: Db,
  req: PromotionRequest,
  opts: CheckOptions,
): Promise<PromotionDecision> {
  const settings = opts.settings ?? (await readGuardSettings(db));
  const check = { ...opts, settings };
  const verdicts = await checkSkus(db, req.skus, check);
  const checkedAt = opts.clock.now();
  const allowed: string[] = [];
  const swapped: PromotionDecision["swapped"] = [];
  const blocked: PromotionDecision["blocked"] = [];
  const taken = new Set<string>();
  for (const sku of req.skus) {
    if (taken.has(sku)) continue;
    const v = verdicts.get(sku)!;
    if (v.promotable) {
      allowed.push(sku);
      taken.add(sku);
      continue;
    }
    const sub = req.allowSwap
      ? await substituteFor(db, sku, { ...check, exclude: [...taken, ...req.skus] })
      : null;
    if (sub) {
      allowed.push(sub.sku);
      taken.add(sub.sku);
      swapped.push({ from: sku, to: sub.sku, reasons: v.reasons });
    } else {
      blocked.push({ sku, reasons: v.reasons });
    }
    taken.add(sku);
  }
  const audit = [
    ...swapped.map((s) => ({
      at: checkedAt,
      surface: req.surface,
      sku: s.from,
      action: "swapped",
      swappedTo: s.to,
      reasons: s.reasons,
    })),
    ...blocked.map((b) => ({
      at: checkedAt,
      surface: req.surface,
      sku: b.sku,
      action: "blocked",
      swappedTo: null,
      reasons: b.reasons,
    })),
  ];
  if (audit.length > 0) await db.insert(guardAudit).values(audit);
  return { surface: req.surface, allowed: allowed as unknown as GuardedSkus, swapped, blocked, checkedAt };
}
