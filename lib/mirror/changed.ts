import type { Db } from "@/db";
import { allSkus, reevaluateSkus, skusAffectedBy, verdictEvents, type VerdictChange } from "@/lib/guard";
import { applyToRollups, rebuildRollups, type RollupApplied, type RollupChanges } from "@/lib/kpi";
import {
  customerChangeEvents,
  customersAffectedBy,
  recomputeAllSegments,
  recomputeSegmentsForCustomers,
  type MembershipChange,
} from "@/lib/segments";
import type { Clock } from "@/lib/time";
import { importCustomerConsent } from "@/lib/whatsapp/consent-import";
import { commerceEvents } from "@/lib/whatsapp/flows/commerce-events";

/*
 * The one thing every mirror writer calls after an upsert (Medusa webhook processing, the Admin
 * sync, the demo seeder's tail): it tells the things derived from the mirror that their inputs moved.
 *
 * Where the work runs (the decision):
 * - KPI rollups are always brought up to date inline: the dashboard's numbers must be right within
 *   seconds of the webhook, applyToRollups is cheap for a handful of ids, and the writer (the inbox
 *   handler) already runs off the HTTP request.
 * - Guard verdicts and segments run inline when `defer` is false (the in-process runner: nobody
 *   else would do them). With Inngest active the writer passes `defer: true` and this only emits
 *   `kosha/mirror.changed`; the guard-reevaluate and segments-recompute-customers functions react to
 *   it with their own retries and per-kind concurrency, so a slow recompute never holds up the inbox.
 * Everything here is idempotent: recomputing the same ids twice writes the same rows and emits no
 * second verdict or segment event (those fire on a change only).
 */

export type MirrorKind = "inventory" | "product" | "variant" | "order" | "customer" | "cart";

export interface MirrorChange {
  kind: MirrorKind;
  ids: readonly string[];
}

/** An event for the runner: sku blocked/unblocked, segment changes, or mirror.changed when deferring. */
export interface MirrorEvent {
  name: string;
  data: Record<string, unknown>;
}

export interface MirrorChangedDeps {
  clock: Clock;
  /** Receives the resulting events (in-process: the event log; Inngest: inngest.send). Called only with a non-empty list. */
  emit: (events: MirrorEvent[]) => Promise<unknown> | unknown;
  /** Leave guard and segments to the Inngest functions (emit kosha/mirror.changed instead). */
  defer?: boolean;
  /**
   * A page of a bulk load (full sync): only what cannot wait for the load to end (a checkout
   * tick box into the consent ledger). Rollups, guard and segments are one full pass at the end:
   * per-page rollups recompute every day an affected customer ever bought on, which made a 50k-
   * order backfill quadratic.
   */
  bulk?: boolean;
}

export interface MirrorChangedResult {
  rollups: RollupApplied | null;
  verdictChanges: VerdictChange[];
  segmentChanges: MembershipChange[];
  events: MirrorEvent[];
}

export const MIRROR_CHANGED = "kosha/mirror.changed";
/** inngest/events.ts caps mirror.changed ids at this many per event. */
const MAX_IDS_PER_EVENT = 5000;

const GUARD_KINDS = new Set<MirrorKind>(["inventory", "product", "variant", "order"]);
const SEGMENT_KINDS = new Set<MirrorKind>(["order", "customer"]);

function rollupChanges(change: MirrorChange): RollupChanges | null {
  const ids = [...change.ids];
  switch (change.kind) {
    // applyToRollups adds the orders' customers and carts itself.
    case "order":
      return { orderIds: ids };
    case "cart":
      return { cartIds: ids };
    case "customer":
      return { customerIds: ids };
    default:
      return null;
  }
}

export async function mirrorChanged(
  db: Db,
  change: MirrorChange,
  deps: MirrorChangedDeps,
): Promise<MirrorChangedResult> {
  const result: MirrorChangedResult = { rollups: null, verdictChanges: [], segmentChanges: [], events: [] };
  const ids = [...new Set(change.ids)];
  if (ids.length === 0) return result;
  const norm = { kind: change.kind, ids };

  // A checkout tick box (customer metadata) is a WhatsApp opt-in: into the consent ledger at once,
  // so a cart-recovery or order message that follows already sees it. Idempotent per consent time.
  if (norm.kind === "customer") await importCustomerConsent(db, deps.clock, ids);
  if (deps.bulk) return result;
  const rollups = rollupChanges(norm);
  if (rollups) result.rollups = await applyToRollups(db, rollups);

  const touchesGuard = GUARD_KINDS.has(norm.kind);
  const touchesSegments = SEGMENT_KINDS.has(norm.kind);
  if (deps.defer) {
    if (touchesGuard || touchesSegments) {
      for (let i = 0; i < ids.length; i += MAX_IDS_PER_EVENT) {
        result.events.push({
          name: MIRROR_CHANGED,
          data: { kind: norm.kind, ids: ids.slice(i, i + MAX_IDS_PER_EVENT) },
        });
      }
    }
    // The WhatsApp flows' triggers (cart recovery, order updates). Only under Inngest: in-process
    // nothing listens to events, the flow poller (lib/whatsapp/flows/poller.ts) reads the mirror.
    if (norm.kind === "cart" || norm.kind === "order")
      result.events.push(...(await commerceEvents(db, norm)));
  } else {
    const at = deps.clock.now();
    if (touchesGuard) {
      const skus = await skusAffectedBy(db, { kind: norm.kind as "inventory", ids });
      result.verdictChanges = await reevaluateSkus(db, skus, deps.clock);
      result.events.push(...verdictEvents(result.verdictChanges, at));
    }
    if (touchesSegments) {
      const customers = await customersAffectedBy(db, norm);
      result.segmentChanges = (await recomputeSegmentsForCustomers(db, customers, deps.clock)).changes;
      result.events.push(...segmentEvents(result.segmentChanges, at));
    }
  }
  if (result.events.length > 0) await deps.emit(result.events);
  return result;
}

export interface FullPassResult {
  skus: number;
  verdictChanges: number;
  segments: { entered: number; left: number; ms: number } | null;
  events: number;
}

/** What a full pass rebuilds after a bulk load. */
export interface FullPassScope {
  /** Every KPI rollup from the source tables (one rebuild instead of one update per page). */
  rollups?: boolean;
  guard: boolean;
  segments: boolean;
}

/**
 * After a bulk load (full sync, demo seed): the KPI rollups rebuilt, every SKU re-judged and every
 * customer's segments recomputed, instead of one targeted pass per page. Always inline (it is a batch job already);
 * the verdict changes still go to `emit`. Segment entries/exits of a full pass are counted, not
 * emitted one by one (the nightly recompute does the same).
 */
export async function mirrorFullPass(
  db: Db,
  what: FullPassScope,
  deps: Pick<MirrorChangedDeps, "clock" | "emit"> & { onProgress?: (message: string) => void },
): Promise<FullPassResult> {
  const say = deps.onProgress ?? (() => {});
  const out: FullPassResult = { skus: 0, verdictChanges: 0, segments: null, events: 0 };
  if (what.rollups) await rebuildRollups(db, { onProgress: (m) => say(`rollups: ${m}`) });
  if (what.guard) {
    const skus = await allSkus(db);
    out.skus = skus.length;
    for (let i = 0; i < skus.length; i += 1000) {
      const changes = await reevaluateSkus(db, skus.slice(i, i + 1000), deps.clock);
      out.verdictChanges += changes.length;
      const events = verdictEvents(changes, deps.clock.now());
      out.events += events.length;
      if (events.length > 0) await deps.emit(events);
      say(
        `guard ${Math.min(i + 1000, skus.length)}/${skus.length} SKUs, ${out.verdictChanges} blocked/unblocked`,
      );
    }
  }
  if (what.segments) {
    const { entered, left, ms } = await recomputeAllSegments(db, deps.clock);
    out.segments = { entered, left, ms };
    say(`segments: ${entered} entries, ${left} exits`);
  }
  return out;
}

function segmentEvents(changes: MembershipChange[], at: Date): MirrorEvent[] {
  return customerChangeEvents(changes, at).map((data) => ({ name: "segments/customer.changed", data }));
}
