import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { checkSkus } from "@/lib/guard";
import type { Clock } from "@/lib/time";
import { skipReasons } from "../outbox/types";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import { candidatesSql } from "./recipients";
import { validateDraft } from "./compose";
import type { BroadcastDraftInput } from "./schema";

/*
 * What a send would do, before it is started: candidates (segment members with a WhatsApp
 * number), how many are eligible and why the others are not (no opt-in, opted out, contact budget
 * used up, the number's 24-hour messaging tier), the cost at the configured per-message price for
 * the template's category, and how long it takes at min(broadcast rate, number throughput).
 *
 * The counts are the outbox's rules read set-wise, as of now; the outbox still decides per
 * message at send time (an opt-out or a flow message in between changes the answer for that one).
 */

export interface BroadcastPreview {
  /** Eligible recipients: what the composer shows as "recipients". */
  recipients: number;
  segmentMembers: number;
  /** Members with a WhatsApp number on record (one per phone). */
  candidates: number;
  excluded: {
    noNumber: number;
    noOptIn: number;
    optedOut: number;
    overBudget: number;
    tier: number;
  };
  reasons: Record<"noOptIn" | "optedOut" | "overBudget" | "tier", string>;
  category: string;
  pricePaise: number;
  estimatedCostPaise: number;
  ratePerSecond: number;
  estimatedSeconds: number;
  /** Featured SKUs the guard would block right now (compose refuses or swaps them). */
  blockedSkus: { sku: string; reasons: string[] }[];
  sample: { phone: string; name: string | null; customerId: string | null }[];
}

export interface PreviewDeps {
  clock: Clock;
  settings?: WhatsAppSettings;
}

const LIVE = sql.raw(`('queued','sending','sent','delivered','read')`);
const DAY_MS = 86_400_000;

export async function previewRecipients(
  db: Db,
  q: { segmentKey: string; category: string; ratePerSecond?: number; sampleSize?: number },
  deps: PreviewDeps,
): Promise<Omit<BroadcastPreview, "blockedSkus">> {
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const now = deps.clock.now();
  const marketing = q.category === "marketing";
  const budgetMax = marketing ? settings.pressureMaxMarketing : Number.MAX_SAFE_INTEGER;
  const windowFrom = new Date(now.getTime() - settings.pressureDays * DAY_MS).toISOString();
  const dayAgo = new Date(now.getTime() - DAY_MS).toISOString();

  const [row] = await queryRows<Record<string, string | number>>(
    db,
    sql`with cand as (
          select * from ${candidatesSql(q.segmentKey)} c
        ), judged as (
          -- Per candidate, two probes of wa_messages' (phone, created_at) index: predictable at any
          -- size and under stale statistics (a join against the CTE was planned as a rescan).
          select cand.*,
                 (cand.consent <> 'opted_in' or (
                   select count(*) from wa_messages m
                    where m.phone = cand.phone and m.category = 'marketing' and m.status in ${LIVE}
                      and coalesce(m.sent_at, m.not_before) > ${windowFrom}::timestamptz) < ${budgetMax}) as within,
                 coalesce(cand.last_inbound_at > ${dayAgo}::timestamptz, false) as window_open,
                 exists (select 1 from wa_messages m
                          where m.phone = cand.phone and m.kind = 'template' and m.status in ${LIVE}
                            and coalesce(m.sent_at, m.not_before) > ${dayAgo}::timestamptz) as reached
            from cand
        )
        select
          (select count(*) from segment_members where segment_key = ${q.segmentKey}) as members,
          (select count(distinct customer_id) from cand) as members_with_number,
          ${
            settings.messagingTier > 0
              ? sql`(select count(distinct m.phone) from wa_messages m where m.kind = 'template' and m.status in ${LIVE}
                       and coalesce(m.sent_at, m.not_before) > ${dayAgo}::timestamptz)`
              : sql`0`
          } as reached_total,
          count(*) as candidates,
          count(*) filter (where consent = 'opted_out') as opted_out,
          count(*) filter (where consent not in ('opted_in', 'opted_out')) as no_opt_in,
          count(*) filter (where consent = 'opted_in' and not within) as over_budget,
          count(*) filter (where consent = 'opted_in' and within) as ok,
          count(*) filter (where consent = 'opted_in' and within and not window_open and not reached) as new_in_tier
        from judged`,
  );
  const n = (k: string) => Number(row?.[k] ?? 0);
  const tierCap = settings.messagingTier;
  const tierLeft = tierCap > 0 ? Math.max(0, tierCap - n("reached_total")) : Number.POSITIVE_INFINITY;
  const tierExcluded = Math.max(0, n("new_in_tier") - tierLeft);
  const eligible = n("ok") - tierExcluded;
  const rate = Math.max(
    1,
    Math.min(q.ratePerSecond ?? settings.throughputPerSecond, settings.throughputPerSecond),
  );
  const price = settings.pricePaise[q.category as keyof WhatsAppSettings["pricePaise"]] ?? 0;

  const sample = await queryRows<{ phone: string; name: string | null; customer_id: string | null }>(
    db,
    sql`select c.phone, c.name, c.customer_id from ${candidatesSql(q.segmentKey)} c
         where c.consent = 'opted_in' limit ${q.sampleSize ?? 10}`,
  );
  return {
    recipients: eligible,
    segmentMembers: n("members"),
    candidates: n("candidates"),
    excluded: {
      noNumber: Math.max(0, n("members") - n("members_with_number")),
      noOptIn: n("no_opt_in"),
      optedOut: n("opted_out"),
      overBudget: n("over_budget"),
      tier: tierExcluded,
    },
    reasons: {
      noOptIn: skipReasons.noConsent,
      optedOut: skipReasons.optedOut,
      overBudget: skipReasons.overBudget,
      tier: skipReasons.tierReached,
    },
    category: q.category,
    pricePaise: price,
    estimatedCostPaise: eligible * price,
    ratePerSecond: rate,
    estimatedSeconds: eligible / rate,
    sample: sample.map((s) => ({ phone: s.phone, name: s.name, customerId: s.customer_id })),
  };
}

/** Preview of a draft not yet stored (the composer's "Preview" button). */
export async function previewBroadcast(
  db: Db,
  input: BroadcastDraftInput,
  deps: PreviewDeps,
): Promise<BroadcastPreview> {
  const { draft, template } = await validateDraft(db, input);
  const base = await previewRecipients(
    db,
    { segmentKey: draft.segmentKey, category: template.category, ratePerSecond: draft.ratePerSecond },
    deps,
  );
  const verdicts = draft.skus.length > 0 ? await checkSkus(db, draft.skus, { clock: deps.clock }) : new Map();
  const blockedSkus = [...verdicts.values()]
    .filter((v) => !v.promotable)
    .map((v) => ({
      sku: v.sku,
      reasons: v.reasons.map((r: { code: string; detail: string }) => `${r.code}: ${r.detail}`),
    }));
  return { ...base, blockedSkus };
}
