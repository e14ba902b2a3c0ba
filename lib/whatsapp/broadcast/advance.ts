import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { checkSkus, guardPromotion, type GuardedSkus } from "@/lib/guard";
import type { Clock } from "@/lib/time";
import { enqueueMessages, ENQUEUE_BATCH } from "../outbox/enqueue";
import { messageDraftSchema, skipReasons, type EnqueueOutcome, type MessageDraft } from "../outbox/types";
import { messageKind, type MessageCategory } from "../messages";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import { broadcastAttribution, broadcastKey, broadcastMessageBuilder } from "./message";
import { lastWrittenPhone, recipientPage, type Recipient } from "./recipients";
import type { Broadcast } from "./schema";
import {
  backlog,
  getBroadcast,
  refreshProgress,
  refreshProgressThrottled,
  templateCategory,
  type BroadcastCounts,
} from "./store";

/*
 * One step of a running broadcast, safe to repeat and to run after a crash:
 *  - stop unless the broadcast is `sending` (paused, canceled);
 *  - wait while its queued backlog exceeds the low-water mark, so recipients are materialised
 *    just ahead of the dispatcher and the guard's answer is at most a few seconds old when the
 *    message goes (a SKU that sells out mid-send is swapped or dropped for every later batch);
 *  - otherwise ask the guard, build the next batch of recipients after the cursor (phone order)
 *    and hand it to the outbox, which decides consent, opt-out, budget and tier per message
 *    under the idempotency key broadcast:<id>:<phone>, so a repeated step sends nothing twice;
 *  - when no recipient is left and the backlog is empty, the broadcast is done.
 * The Inngest function runs one step per `step.run`; the in-process runner loops over it
 * (broadcastSteps), and reads each batch's recipients and the guard's answer while the batch
 * before it is written (`lookahead`), so a back-to-back send waits on one batch's round trips,
 * not two. The read-ahead is only reads; the write stays one transaction per batch in phone
 * order, so the cursor still marks everything before it as written.
 */

export interface AdvanceDeps {
  clock: Clock;
  settings?: WhatsAppSettings;
  /** Recipients per step (at most the outbox's transaction size). */
  batchSize?: number;
  /** Materialise the next batch once no more than this many of the broadcast's messages wait. */
  lowWater?: number;
  /** The last phone materialised, when the caller kept it (else read from the outbox). */
  cursor?: string | null;
  /** Start reading the next batch while this one is written; the result carries it as `ahead`. */
  lookahead?: boolean;
  /** The previous step's read-ahead: used when it starts at this step's cursor. */
  ahead?: Ahead;
}

/** What a batch reads before it is written: its recipients and, for them, the guard's answer. */
export interface PreparedBatch {
  page: Recipient[];
  /** null for an empty page: nobody left to ask the guard for. */
  guard: GuardAtSend | null;
}

/** A batch read ahead by the previous step, for the recipients after `after`. */
export interface Ahead {
  after: string | null;
  size: number;
  batch: Promise<PreparedBatch>;
}

export type AdvanceResult =
  | { state: "stopped"; status: string }
  | { state: "wait"; waitMs: number; cursor: string | null; backlog: number }
  | {
      state: "batch";
      cursor: string | null;
      batch: { recipients: number; queued: number; skipped: number; duplicate: number };
      guard: { allowed: string[]; changed: boolean };
      /** With `lookahead`: the next batch, being read. In-process only (it is a promise). */
      ahead?: Ahead;
    }
  | { state: "draining"; waitMs: number; cursor: string | null; backlog: number }
  | { state: "done"; counts: BroadcastCounts };

const MAX_WAIT_MS = 30_000;
const clampWait = (ms: number) => Math.min(MAX_WAIT_MS, Math.max(200, Math.round(ms)));

export const defaultLowWater = (rate: number) => Math.max(200, rate * 2);

export async function advanceBroadcast(db: Db, id: number, deps: AdvanceDeps): Promise<AdvanceResult> {
  const b = await getBroadcast(db, id);
  if (!b) return { state: "stopped", status: "missing" };
  if (b.status !== "sending") return { state: "stopped", status: b.status };
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const rate = Math.max(1, Math.min(b.ratePerSecond, settings.throughputPerSecond));
  const batchSize = Math.min(ENQUEUE_BATCH, Math.max(1, deps.batchSize ?? ENQUEUE_BATCH));
  const lowWater = deps.lowWater ?? defaultLowWater(rate);

  // A wait is (backlog − low-water) / rate, clamped, so a backlog past lowWater + the longest
  // wait's worth is as good as infinite; with no low-water mark it only matters at the end.
  const longestWait = (rate * MAX_WAIT_MS) / 1000;
  const waiting = Number.isFinite(lowWater) ? await backlog(db, id, lowWater + longestWait + 1) : 0;
  const cursor = deps.cursor !== undefined ? deps.cursor : await lastWrittenPhone(db, id);
  if (waiting > lowWater) {
    await refreshProgressThrottled(db, id, deps.clock.now().getTime());
    return {
      state: "wait",
      waitMs: clampWait(((waiting - lowWater) / rate) * 1000),
      cursor,
      backlog: waiting,
    };
  }

  // A read-ahead was read while the previous batch was written, moments ago; it is used only
  // after this step's own status and backlog checks, and a step that waits drops it.
  const ahead = deps.ahead;
  const { page, guard } =
    ahead && ahead.after === cursor && ahead.size === batchSize
      ? await ahead.batch.catch(() => prepareBatch(db, b, cursor, batchSize, deps.clock))
      : await prepareBatch(db, b, cursor, batchSize, deps.clock);
  if (page.length === 0 || guard === null) {
    const left = Number.isFinite(lowWater) ? waiting : await backlog(db, id, longestWait + 1);
    if (left > 0) {
      await refreshProgressThrottled(db, id, deps.clock.now().getTime());
      return { state: "draining", waitMs: clampWait((left / rate) * 1000), cursor, backlog: left };
    }
    const counts = await refreshProgress(db, id);
    const now = deps.clock.now().toISOString();
    await db.execute(
      sql`update wa_broadcasts set status = 'done', finished_at = ${now}::timestamptz, recipients = ${counts.rows}
          where id = ${id} and status = 'sending'`,
    );
    return { state: "done", counts };
  }

  const category = (await templateCategory(db, b.templateName, b.language)) as MessageCategory;
  const next = page[page.length - 1]!.phone;
  let nextAhead: Ahead | undefined;
  // Only when the next step will write too: once this batch lifts the backlog over the low-water
  // mark, the next step waits and would drop what was read.
  if (deps.lookahead && waiting + page.length <= lowWater) {
    nextAhead = { after: next, size: batchSize, batch: prepareBatch(db, b, next, batchSize, deps.clock) };
    // Awaited by the next step, or dropped; either way its failure must not go unhandled.
    nextAhead.batch.catch(() => {});
  }
  let outcomes: EnqueueOutcome[];
  if (b.skus.length > 0 && guard.allowed.length === 0) {
    outcomes = await skipAll(db, b, page, category, guard.why, deps.clock);
  } else {
    const build = broadcastMessageBuilder({
      broadcastId: id,
      templateName: b.templateName,
      language: b.language,
      params: b.params,
      storefrontUrl: settings.storefrontUrl,
      skus: guard.allowed,
      products: guard.products,
    });
    const spread = rate < settings.throughputPerSecond ? await spreadStart(db, id, deps.clock, rate) : null;
    const drafts: MessageDraft[] = page.map((r, i) => ({
      idempotencyKey: broadcastKey(id, r.phone),
      phone: r.phone,
      customerId: r.customerId,
      category,
      flow: "broadcast",
      message: build(r),
      broadcastId: id,
      attribution: broadcastAttribution(id),
      // Below the number's throughput the broadcast paces itself: each message gets its slot.
      ...(spread === null ? {} : { notBefore: new Date(spread + (i * 1000) / rate) }),
    }));
    // A broadcast is timely: a recipient over the contact budget is skipped, not sent days later.
    outcomes = await enqueueMessages(db, drafts, {
      clock: deps.clock,
      settings: { ...settings, overBudget: "skip" },
    });
  }
  await refreshProgressThrottled(db, id, deps.clock.now().getTime());
  return {
    state: "batch",
    cursor: next,
    batch: {
      recipients: page.length,
      queued: outcomes.filter((o) => o.outcome === "queued" || o.outcome === "rescheduled").length,
      skipped: outcomes.filter((o) => o.outcome === "skipped").length,
      duplicate: outcomes.filter((o) => o.outcome === "duplicate").length,
    },
    guard: { allowed: [...guard.allowed], changed: guard.changed },
    ...(nextAhead ? { ahead: nextAhead } : {}),
  };
}

async function prepareBatch(
  db: Db,
  b: Broadcast,
  after: string | null,
  size: number,
  clock: Clock,
): Promise<PreparedBatch> {
  const page = await recipientPage(db, b.segmentKey, after, size);
  return { page, guard: page.length === 0 ? null : await guardAtSend(db, b, clock) };
}

/**
 * advanceBroadcast back to back for a runner that keeps going (the in-process loop, the bench):
 * the cursor carried from step to step, each batch read while the previous one is written. The
 * caller decides what to do between steps (sleep on wait or draining, stop on done).
 */
export async function* broadcastSteps(
  db: Db,
  id: number,
  deps: AdvanceDeps,
): AsyncGenerator<AdvanceResult, void, void> {
  let cursor = deps.cursor;
  let ahead: Ahead | undefined;
  for (;;) {
    const r = await advanceBroadcast(db, id, { ...deps, cursor, ahead, lookahead: true });
    ahead = r.state === "batch" ? r.ahead : undefined;
    yield r;
    if (r.state === "stopped" || r.state === "done") return;
    cursor = r.cursor;
  }
}

export interface GuardAtSend {
  allowed: GuardedSkus;
  products: { sku: string; title: string }[];
  changed: boolean;
  why: string;
}

/**
 * The guard, asked live for this batch. Nothing blocked: no audit row and no note. A SKU blocked
 * since compose is swapped for its substitute (or dropped), audited by the guard, and noted once
 * on the broadcast for the owner.
 */
export async function guardAtSend(db: Db, b: Broadcast, clock: Clock): Promise<GuardAtSend> {
  if (b.skus.length === 0)
    return { allowed: [] as unknown as GuardedSkus, products: [], changed: false, why: "" };
  const d = await guardPromotion(db, { surface: "whatsapp", skus: b.skus, allowSwap: true }, { clock });
  const allowed = d.allowed;
  const changed = d.swapped.length > 0 || d.blocked.length > 0;
  const why = d.blocked.map((x) => `${x.sku}: ${x.reasons.map((r) => r.code).join(", ")}`).join("; ");
  if (changed) {
    const at = clock.now().toISOString();
    const notes = [
      ...d.swapped.map(
        (s) => `send: ${s.from} swapped for ${s.to} (${s.reasons.map((r) => r.code).join(", ")})`,
      ),
      ...d.blocked.map((x) => `send: ${x.sku} dropped (${x.reasons.map((r) => r.code).join(", ")})`),
    ];
    // Each distinct note once, stamped with when it was first seen.
    await db.execute(
      sql`update wa_broadcasts set guard_notes = guard_notes || coalesce((
            select jsonb_agg(n || ' at ' || ${at}) from jsonb_array_elements_text(${JSON.stringify(notes)}::jsonb) n
             where not exists (select 1 from jsonb_array_elements_text(guard_notes) g where starts_with(g, n || ' at '))
          ), '[]'::jsonb)
          where id = ${b.id}`,
    );
  }
  const titles = allowed.length > 0 ? await checkSkus(db, allowed, { clock }) : new Map();
  const products = allowed.map((sku) => ({ sku, title: titles.get(sku)?.title ?? sku }));
  return { allowed, products, changed, why };
}

/** When rate < throughput: the first slot for this batch, after the broadcast's last scheduled one. */
async function spreadStart(db: Db, id: number, clock: Clock, rate: number): Promise<number> {
  const [row] = await queryRows<{ last: Date | string | null }>(
    db,
    sql`select max(not_before) as last from wa_messages where broadcast_id = ${id} and queued`,
  );
  const now = clock.now().getTime();
  return row?.last ? Math.max(now, new Date(row.last).getTime() + 1000 / rate) : now;
}

/** Every featured product is blocked: the batch is recorded as skipped with the guard's reason. */
async function skipAll(
  db: Db,
  b: Broadcast,
  page: Recipient[],
  category: MessageCategory,
  why: string,
  clock: Clock,
): Promise<EnqueueOutcome[]> {
  const now = clock.now().toISOString();
  const reason = `${skipReasons.guardBlocked} (${why})`;
  const message = messageDraftSchema.shape.message.parse({
    type: "template",
    template: { name: b.templateName, language: { code: b.language }, components: [] },
  });
  const rows = page.map((r) => ({
    idempotency_key: broadcastKey(b.id, r.phone),
    phone: r.phone,
    customer_id: r.customerId,
    kind: messageKind(message),
    category,
    template_name: b.templateName,
    body: message,
    flow: "broadcast",
    broadcast_id: b.id,
    attribution: broadcastAttribution(b.id),
    reason,
  }));
  const inserted = await queryRows<{ id: number | string; idempotency_key: string }>(
    db,
    sql`insert into wa_messages (idempotency_key, phone, customer_id, kind, category, template_name, body, flow,
                                 broadcast_id, attribution, status, reason, not_before, cost_paise, created_at)
        select r.idempotency_key, r.phone, r.customer_id, r.kind, r.category, r.template_name, r.body, r.flow,
               r.broadcast_id, r.attribution, 'skipped', r.reason, ${now}::timestamptz, 0, ${now}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
          idempotency_key text, phone text, customer_id text, kind text, category text, template_name text,
          body jsonb, flow text, broadcast_id int, attribution text, reason text)
        on conflict (idempotency_key) do nothing
        returning id, idempotency_key`,
  );
  const ids = new Map(inserted.map((r) => [r.idempotency_key, Number(r.id)]));
  return rows.map((r) =>
    ids.has(r.idempotency_key)
      ? { key: r.idempotency_key, outcome: "skipped", id: ids.get(r.idempotency_key)!, reason }
      : { key: r.idempotency_key, outcome: "duplicate", id: 0, status: "unknown" },
  );
}
