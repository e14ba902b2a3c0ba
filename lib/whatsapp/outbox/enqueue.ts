import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { anyOf } from "@/db/any-of";
import { pgArray, pgColumn } from "@/db/pg-array";
import { queryRows } from "@/db/client";
import type { Clock } from "@/lib/time";
import { windowOpen } from "../consent";
import { messageKind, type MessageCategory } from "../messages";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import { notifyOutboxQueued } from "./notify";
import { earliestWithinBudget, pressureBudget } from "./pressure";
import { messageDraftSchema, skipReasons, type EnqueueOutcome, type MessageDraft } from "./types";

/*
 * The one place that decides whether a message may go out. Per draft, in order: duplicate
 * (idempotency key seen), consent (templates need an opt-in; an opted-out phone gets nothing but
 * a reply inside the window it opened), service window (free-form needs one; it is then a free
 * service message), template usable, contact-pressure budget (marketing), messaging tier (new
 * phones reached outside a window per rolling 24 h). Every decision is a wa_messages row.
 *
 * Concurrency: each batch is one transaction that locks the batch's wa_subscribers rows FOR
 * UPDATE in phone order (and, when a tier applies, one advisory lock first), so two broadcasts or
 * a flow and a broadcast deciding for the same phone take turns and the second sees the first's
 * rows. Big batches are decided with a handful of set-based statements, not one per draft.
 */

export interface EnqueueDeps {
  clock: Clock;
  settings?: WhatsAppSettings;
}

/** Drafts per transaction: big enough to amortise round trips, small enough to keep locks short. */
export const ENQUEUE_BATCH = 1000;

/** Statuses that count as "sent or going to be" for the budget and the tier. */
const LIVE_STATUSES = ["queued", "sending", "sent", "delivered", "read"];
const liveStatuses = sql.raw(`(${LIVE_STATUSES.map((s) => `'${s}'`).join(",")})`);

/** Serialises tier decisions across transactions (any constant unique to this use). */
const TIER_LOCK_KEY = 7_231_004;

const DAY_MS = 24 * 60 * 60 * 1000;

type ParsedDraft = ReturnType<typeof messageDraftSchema.parse>;

/** The columns written besides idempotency_key and phone, with their SQL types. */
const SHARED_COLUMNS = [
  ["customer_id", "text"],
  ["kind", "text"],
  ["category", "text"],
  ["template_name", "text"],
  ["body", "json"],
  ["flow", "text"],
  ["broadcast_id", "int"],
  ["cart_id", "text"],
  ["order_id", "text"],
  ["attribution", "text"],
  ["status", "text"],
  ["reason", "text"],
  ["not_before", "timestamptz"],
  ["cost_paise", "bigint"],
  ["created_at", "timestamptz"],
] as const satisfies readonly (readonly [keyof Row, string])[];
const sharedNames = sql.raw(SHARED_COLUMNS.map(([k]) => k).join(", "));

interface Row {
  idempotency_key: string;
  phone: string;
  customer_id: string | null;
  kind: string;
  category: MessageCategory;
  template_name: string | null;
  body: unknown;
  flow: string;
  broadcast_id: number | null;
  cart_id: string | null;
  order_id: string | null;
  attribution: string | null;
  status: "queued" | "skipped";
  reason: string | null;
  not_before: string;
  cost_paise: number;
  created_at: string;
}

const toDate = (v: Date | string | null) => (v == null ? null : v instanceof Date ? v : new Date(v));

export async function enqueueMessages(
  db: Db,
  drafts: MessageDraft[],
  deps: EnqueueDeps,
): Promise<EnqueueOutcome[]> {
  if (drafts.length === 0) return [];
  const parsed = drafts.map((d, i) => {
    const r = messageDraftSchema.safeParse(d);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new Error(`message draft ${i} is invalid: ${issue?.path.join(".")}: ${issue?.message}`, {
        cause: r.error,
      });
    }
    return r.data;
  });
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const out: EnqueueOutcome[] = [];
  for (let i = 0; i < parsed.length; i += ENQUEUE_BATCH) {
    out.push(...(await enqueueBatch(db, parsed.slice(i, i + ENQUEUE_BATCH), deps.clock, settings)));
  }
  notifyOutboxQueued(out.filter((o) => o.outcome === "queued" || o.outcome === "rescheduled").length);
  return out;
}

async function enqueueBatch(
  db: Db,
  drafts: ParsedDraft[],
  clock: Clock,
  settings: WhatsAppSettings,
): Promise<EnqueueOutcome[]> {
  return db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const now = clock.now();
    const nowMs = now.getTime();
    const nowIso = now.toISOString();

    const keys = [...new Set(drafts.map((d) => d.idempotencyKey))];
    const existing = new Map(
      (
        await queryRows<{ id: number | string; idempotency_key: string; status: string }>(
          tx,
          sql`select id, idempotency_key, status from wa_messages where idempotency_key = ${anyOf(keys)}`,
        )
      ).map((r) => [r.idempotency_key, { id: Number(r.id), status: r.status }]),
    );

    const fresh = drafts.filter((d) => !existing.has(d.idempotencyKey));
    const phones = [...new Set(fresh.map((d) => d.phone))].sort();
    const tier = settings.messagingTier;
    const anyTemplate = fresh.some((d) => d.message.type === "template");

    // Lock order everywhere: the tier lock, then subscriber rows by phone. Never the reverse.
    if (tier > 0 && anyTemplate) await tx.execute(sql`select pg_advisory_xact_lock(${TIER_LOCK_KEY})`);
    const subs = new Map(
      phones.length === 0
        ? []
        : (
            await queryRows<{
              phone: string;
              customer_id: string | null;
              consent: string;
              last_inbound_at: Date | string | null;
            }>(
              tx,
              sql`select phone, customer_id, consent, last_inbound_at from wa_subscribers
                  where phone = ${anyOf(phones)}
                  order by phone for update`,
            )
          ).map((r) => [r.phone, { ...r, lastInboundAt: toDate(r.last_inbound_at) }]),
    );

    // Templates Kosha knows to be unusable (not approved, or a send error pointed at them).
    const templateNames = [
      ...new Set(fresh.flatMap((d) => (d.message.type === "template" ? [d.message.template.name] : []))),
    ];
    const badTemplates = new Map<string, string>();
    if (templateNames.length > 0) {
      const rows = await queryRows<{
        name: string;
        language: string;
        status: string;
        problem: string | null;
      }>(
        tx,
        sql`select name, language, status, problem from wa_templates
            where name = ${anyOf(templateNames)}
              and (status <> 'APPROVED' or problem is not null)`,
      );
      for (const r of rows) {
        badTemplates.set(
          `${r.name}:${r.language}`,
          `${skipReasons.templateNotApproved} (${r.name}/${r.language}: ${r.problem ?? r.status})`,
        );
      }
    }

    // Marketing already counted against each phone's budget, as instants (ms).
    const budget = pressureBudget(settings);
    const counted = new Map<string, number[]>();
    const marketingPhones = [...new Set(fresh.filter((d) => d.category === "marketing").map((d) => d.phone))];
    if (marketingPhones.length > 0) {
      const earliest = Math.min(...fresh.map((d) => d.notBefore?.getTime() ?? nowMs), nowMs);
      const rows = await queryRows<{ phone: string; t: number | string }>(
        tx,
        sql`select m.phone, (extract(epoch from coalesce(m.sent_at, m.not_before)) * 1000)::float8 as t
            from wa_messages m
            where m.phone = ${anyOf(marketingPhones)}
              and m.category = 'marketing' and m.status in ${liveStatuses}
              and coalesce(m.sent_at, m.not_before) > ${new Date(earliest - budget.windowMs).toISOString()}::timestamptz`,
      );
      for (const r of rows) {
        const list = counted.get(r.phone) ?? [];
        list.push(Math.round(Number(r.t)));
        counted.set(r.phone, list);
      }
    }

    // Messaging tier: unique phones sent a template (outside a window) in the rolling 24 h.
    let reachedCount = 0;
    const reached = new Set<string>();
    if (tier > 0 && anyTemplate) {
      const from = new Date(nowMs - DAY_MS).toISOString();
      const to = new Date(nowMs + DAY_MS).toISOString();
      const [row] = await queryRows<{ n: number | string }>(
        tx,
        sql`select count(distinct phone) as n from wa_messages
            where kind = 'template' and status in ${liveStatuses}
              and coalesce(sent_at, not_before) > ${from}::timestamptz
              and coalesce(sent_at, not_before) <= ${to}::timestamptz`,
      );
      reachedCount = Number(row?.n ?? 0);
      const mine = await queryRows<{ phone: string }>(
        tx,
        sql`select distinct m.phone
            from wa_messages m
            where m.phone = ${anyOf(phones)}
              and m.kind = 'template' and m.status in ${liveStatuses}
              and coalesce(m.sent_at, m.not_before) > ${from}::timestamptz
              and coalesce(m.sent_at, m.not_before) <= ${to}::timestamptz`,
      );
      for (const r of mine) reached.add(r.phone);
    }

    const outcomes: (EnqueueOutcome | { pending: number; kind: "queued" | "rescheduled" | "skipped" })[] = [];
    const rows: Row[] = [];
    const seenInBatch = new Map<string, number>();

    for (const d of drafts) {
      const known = existing.get(d.idempotencyKey);
      if (known) {
        outcomes.push({ key: d.idempotencyKey, outcome: "duplicate", id: known.id, status: known.status });
        continue;
      }
      const firstInBatch = seenInBatch.get(d.idempotencyKey);
      if (firstInBatch !== undefined) {
        // Resolved to the first row's id once it is written.
        outcomes.push({ pending: firstInBatch, kind: "skipped" });
        continue;
      }

      const sub = subs.get(d.phone);
      const at = d.notBefore && d.notBefore.getTime() > nowMs ? d.notBefore : now;
      const isTemplate = d.message.type === "template";
      // The window must still be open when the message is due to go.
      const open = windowOpen(sub ? { lastInboundAt: sub.lastInboundAt } : undefined, at);
      let category: MessageCategory = isTemplate ? d.category : "service";
      let status = "queued" as "queued" | "skipped";
      let reason: string | null = null;
      let notBefore = at;
      let rescheduled = false;

      const skip = (why: string) => {
        status = "skipped";
        reason = why;
      };

      if (sub?.consent === "opted_out" && !(d.flow === "reply" && !isTemplate && open)) {
        skip(skipReasons.optedOut);
      } else if (isTemplate && sub?.consent !== "opted_in") {
        skip(skipReasons.noConsent);
      } else if (!isTemplate && !open) {
        skip(skipReasons.windowClosed);
      } else if (isTemplate && d.message.type === "template") {
        const bad = badTemplates.get(`${d.message.template.name}:${d.message.template.language.code}`);
        if (bad) skip(bad);
      }

      if (status === "queued" && category === "marketing") {
        const list = counted.get(d.phone) ?? [];
        const fit = earliestWithinBudget(list, at.getTime(), budget);
        if (fit === at.getTime()) {
          list.push(fit);
        } else if (fit === null || settings.overBudget === "skip") {
          skip(skipReasons.overBudget);
        } else {
          notBefore = new Date(fit);
          rescheduled = true;
          reason = `${skipReasons.overBudget}: rescheduled to ${notBefore.toISOString()}`;
          list.push(fit);
        }
        counted.set(d.phone, list);
      }

      // The tier counts business-initiated conversations: templates to phones with no open window.
      if (status === "queued" && isTemplate && !open && tier > 0 && !reached.has(d.phone)) {
        if (notBefore.getTime() - nowMs < DAY_MS) {
          if (reachedCount >= tier) {
            skip(skipReasons.tierReached);
            rescheduled = false;
            // Give back the budget slot this draft took above.
            if (category === "marketing") counted.get(d.phone)?.pop();
          } else {
            reached.add(d.phone);
            reachedCount += 1;
          }
        }
      }

      if (!isTemplate) category = "service";
      // Utility templates inside an open service window are free (per-message pricing, 2025-07).
      const cost =
        status === "skipped" || (isTemplate && category === "utility" && open)
          ? 0
          : settings.pricePaise[category];

      seenInBatch.set(d.idempotencyKey, rows.length);
      outcomes.push({
        pending: rows.length,
        kind: status === "skipped" ? "skipped" : rescheduled ? "rescheduled" : "queued",
      });
      rows.push({
        idempotency_key: d.idempotencyKey,
        phone: d.phone,
        customer_id: d.customerId ?? sub?.customer_id ?? null,
        kind: messageKind(d.message),
        category,
        template_name: d.message.type === "template" ? d.message.template.name : null,
        body: d.message,
        flow: d.flow,
        broadcast_id: d.broadcastId ?? null,
        cart_id: d.cartId ?? null,
        order_id: d.orderId ?? null,
        attribution: d.attribution ?? null,
        status,
        reason,
        not_before: notBefore.toISOString(),
        cost_paise: cost,
        created_at: nowIso,
      });
    }

    const ids = new Map<string, number>();
    if (rows.length > 0) {
      // Keys and phones differ per row and set the row count; every other column is sent once
      // when the whole batch shares its value (db/pg-array.ts pgColumn).
      const shared = SHARED_COLUMNS.map(([k, type]) => {
        const c = pgColumn(rows.map((r) => (k === "body" ? JSON.stringify(r.body) : r[k])));
        // The one value goes as text: postgres.js would JSON-encode a string bound as json.
        return {
          value: sql`coalesce(u.${sql.raw(k)}, ${c.one}::text::${sql.raw(type)})`,
          list: sql`${c.list}::${sql.raw(type)}[]`,
        };
      });
      const inserted = await queryRows<{ id: number | string; idempotency_key: string }>(
        tx,
        sql`insert into wa_messages (idempotency_key, phone, ${sharedNames})
            select u.idempotency_key, u.phone, ${sql.join(
              shared.map((c) => c.value),
              sql`, `,
            )}
            from unnest(${pgArray(rows.map((r) => r.idempotency_key))}::text[], ${pgArray(rows.map((r) => r.phone))}::text[],
                        ${sql.join(
                          shared.map((c) => c.list),
                          sql`, `,
                        )}) as u(idempotency_key, phone, ${sharedNames})
            on conflict (idempotency_key) do nothing
            returning id, idempotency_key`,
      );
      for (const r of inserted) ids.set(r.idempotency_key, Number(r.id));
    }

    // Keys another transaction inserted between our read and our insert: theirs stands.
    const lost = rows.filter((r) => !ids.has(r.idempotency_key)).map((r) => r.idempotency_key);
    const raced = new Map<string, { id: number; status: string }>();
    if (lost.length > 0) {
      const rowsLost = await queryRows<{ id: number | string; idempotency_key: string; status: string }>(
        tx,
        sql`select id, idempotency_key, status from wa_messages where idempotency_key = ${anyOf(lost)}`,
      );
      for (const r of rowsLost) raced.set(r.idempotency_key, { id: Number(r.id), status: r.status });
    }

    const firstOutcome = new Set<number>();
    return outcomes.map((o): EnqueueOutcome => {
      if (!("pending" in o)) return o;
      const row = rows[o.pending]!;
      const key = row.idempotency_key;
      const id = ids.get(key);
      const isRepeat = firstOutcome.has(o.pending);
      firstOutcome.add(o.pending);
      if (id === undefined || isRepeat) {
        const other = raced.get(key) ?? { id: id ?? 0, status: row.status };
        return { key, outcome: "duplicate", id: other.id, status: other.status };
      }
      if (o.kind === "skipped") return { key, outcome: "skipped", id, reason: row.reason ?? "" };
      if (o.kind === "rescheduled") {
        return {
          key,
          outcome: "rescheduled",
          id,
          notBefore: new Date(row.not_before),
          reason: row.reason ?? "",
        };
      }
      return { key, outcome: "queued", id };
    });
  });
}
