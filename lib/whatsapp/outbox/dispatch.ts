import { sql } from "drizzle-orm";
import { pgArray } from "@/db/pg-array";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import type { Clock } from "@/lib/time";
import { createWhatsAppClient } from "../client";
import { classify, PAIR_RATE_MS, WhatsAppApiError, type ErrorClassification } from "../errors";
import type { OutboundMessage } from "../messages";
import { readWhatsAppSettings, type WhatsAppSettings } from "../settings";
import type { WhatsAppTransport } from "../transport/types";
import { anyOf } from "@/db/any-of";
import { pacerFor, realSleep, type Sleep } from "./pacer";
import { waitingToSend } from "./states";

/*
 * Sends what is due from the outbox. Claims due rows (queued, not_before passed, and no live
 * lease: never claimed, or its dispatcher died mid-send and the lease expired) with FOR UPDATE
 * SKIP LOCKED, so dispatchers on several processes never take the same row; sends them
 * concurrently, paced by the number's pacer; writes outcomes back in bulk.
 *
 * A claim only sets the lease (`locked_until`) and counts the attempt: the row stays `queued`
 * until its outcome is written, and "sending" is read as queued-with-a-lease. Neither column is
 * indexed, so the claim is a HOT update (wa_messages keeps half of each page free for it: 0018)
 * instead of a new row version in all seven indexes, which was a third of a broadcast's
 * database time. Everything that changes queued rows on its own (pause, cancel, a recipient's
 * backoff) touches only `waitingToSend` ones, re-checked on the row it locks.
 *
 * Errors follow lib/whatsapp/errors: the number backs off (130429), one recipient waits
 * (131056), marketing waits a day (131049), the rest fail with the owner's reason, and
 * account-level errors halt the number.
 */

export interface DispatchDeps {
  transport: WhatsAppTransport;
  clock: Clock;
  settings?: WhatsAppSettings;
  phoneNumberId: string;
  /** Rows claimed in this call (default 500). */
  limit?: number;
  /** Waits `ms` from now (tests inject one that advances their clock). */
  sleep?: Sleep;
  /** Sends in flight at once (default from the throughput). */
  concurrency?: number;
}

export interface DispatchSummary {
  claimed: number;
  sent: number;
  /** Back in the queue for later: retryable errors, pair-rate spacing, a halt mid-batch. */
  requeued: number;
  failed: number;
  /** Set when the number is halted (token, policy block, billing): nothing is sent until then. */
  haltedUntil?: Date;
  haltReason?: string;
}

export const DEFAULT_DISPATCH_LIMIT = 500;
/** A retryable error gives up after this many attempts. */
export const MAX_SEND_ATTEMPTS = 8;
/** How long an account-level error (token, block, permission) stops sends before a retry. */
export const HALT_MS = 10 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Outcomes are written while the batch is still sending: in groups of this size, or once the
 * oldest unwritten one is this old. A message's wamid must be on record before Meta's status
 * webhooks for it arrive (a delivered status can come within a second or two), or the status
 * finds no message and is set aside as unknown; at 80/s a batch of 500 takes six seconds.
 */
const FLUSH_EVERY = 500;
const FLUSH_AFTER_MS = 200;

interface Claimed {
  id: number;
  phone: string;
  body: OutboundMessage;
  category: string;
  templateName: string | null;
  attempts: number;
  notBefore: number;
}

interface Outcome {
  id: number;
  status: "sent" | "queued" | "failed";
  wamid?: string | null;
  sent_at?: string | null;
  failed_at?: string | null;
  not_before?: string | null;
  reason?: string | null;
  error_code?: number | null;
  /** -1 when this claim should not count as an attempt (deferred or released unsent). */
  attempts_delta?: number;
}

const toMs = (v: Date | string) => (v instanceof Date ? v : new Date(v)).getTime();

/** Up to `limit` due rows (queued, not_before passed, no live lease), leased until `leaseUntil`. */
async function claim(db: Db, nowIso: string, limit: number, leaseUntil: string) {
  const rows = await queryRows<{
    id: number | string;
    phone: string;
    body: OutboundMessage | string;
    category: string;
    template_name: string | null;
    attempts: number;
    not_before: Date | string;
  }>(
    db,
    sql`with due as (
          select id from wa_messages
          where queued and not_before <= ${nowIso}::timestamptz
            and (locked_until is null or locked_until < ${nowIso}::timestamptz)
          order by not_before, id limit ${limit}
          for update skip locked)
        update wa_messages m set locked_until = ${leaseUntil}::timestamptz, attempts = m.attempts + 1
        from due where m.id = due.id
        returning m.id, m.phone, m.body, m.category, m.template_name, m.attempts, m.not_before`,
  );
  return rows.map((r): Claimed => ({
    id: Number(r.id),
    phone: r.phone,
    body: typeof r.body === "string" ? (JSON.parse(r.body) as OutboundMessage) : r.body,
    category: r.category,
    templateName: r.template_name,
    attempts: Number(r.attempts),
    notBefore: toMs(r.not_before),
  }));
}

async function writeOutcomes(db: Db, outcomes: Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  // One array literal per column (db/pg-array.ts): Postgres reads plain arrays faster than a
  // JSON document of records, on a statement that runs for every message sent.
  const col = <K extends keyof Outcome>(k: K) => pgArray(outcomes.map((o) => o[k] ?? null));
  await db.execute(
    sql`update wa_messages m set
          status = r.status,
          wamid = coalesce(r.wamid, m.wamid),
          sent_at = coalesce(r.sent_at, m.sent_at),
          failed_at = coalesce(r.failed_at, m.failed_at),
          not_before = coalesce(r.not_before, m.not_before),
          reason = coalesce(r.reason, m.reason),
          error_code = coalesce(r.error_code, m.error_code),
          attempts = greatest(0, m.attempts + coalesce(r.attempts_delta, 0)),
          locked_until = null
        from unnest(${col("id")}::bigint[], ${col("status")}::text[], ${col("wamid")}::text[],
                    ${col("sent_at")}::timestamptz[], ${col("failed_at")}::timestamptz[],
                    ${col("not_before")}::timestamptz[], ${col("reason")}::text[], ${col("error_code")}::int[],
                    ${col("attempts_delta")}::int[])
          as r(id, status, wamid, sent_at, failed_at, not_before, reason, error_code, attempts_delta)
        where m.id = r.id and m.status = 'queued' and m.locked_until is not null`,
  );
}

/** One dispatch pass: claim up to `limit` due rows and send them. */
export async function dispatchDue(db: Db, deps: DispatchDeps): Promise<DispatchSummary> {
  const settings = deps.settings ?? (await readWhatsAppSettings(db));
  const { clock } = deps;
  const sleep = deps.sleep ?? realSleep;
  const rate = settings.throughputPerSecond;
  const pacer = pacerFor(deps.phoneNumberId, rate);
  const summary: DispatchSummary = { claimed: 0, sent: 0, requeued: 0, failed: 0 };

  const halt = pacer.halted(clock.now().getTime());
  if (halt) return { ...summary, haltedUntil: halt.until, haltReason: halt.reason };

  const limit = Math.max(1, deps.limit ?? DEFAULT_DISPATCH_LIMIT);
  const now = clock.now();
  const nowIso = now.toISOString();
  // The lease must outlast the batch at the paced rate, with room for slow answers.
  const leaseMs = 60_000 + Math.ceil((limit / rate) * 1000) * 2;
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();

  const rows = await claim(db, nowIso, limit, leaseUntil);
  summary.claimed = rows.length;
  if (rows.length === 0) return summary;
  rows.sort((a, b) => a.notBefore - b.notBefore || a.id - b.id);

  const pending: Outcome[] = [];
  let oldestPendingAt = 0;
  let writing: Promise<void> = Promise.resolve();
  const record = (o: Outcome) => {
    const at = clock.now().getTime();
    if (pending.length === 0) oldestPendingAt = at;
    pending.push(o);
    if (o.status === "sent") summary.sent += 1;
    else if (o.status === "failed") summary.failed += 1;
    else summary.requeued += 1;
    if (pending.length >= FLUSH_EVERY || at - oldestPendingAt >= FLUSH_AFTER_MS) {
      const group = pending.splice(0);
      writing = writing.then(() => writeOutcomes(db, group));
    }
  };
  const recipientDelays = new Map<string, number>();
  const templateProblems = new Map<
    string,
    { name: string; language: string; category: string; problem: string }
  >();

  // Templates that became unusable since the row was queued (paused, disabled, a 132xxx).
  const templateNames = [
    ...new Set(rows.flatMap((r) => (r.body.type === "template" ? [r.body.template.name] : []))),
  ];
  const unusable = new Map<string, string>();
  if (templateNames.length > 0) {
    const bad = await queryRows<{ name: string; language: string; status: string; problem: string | null }>(
      db,
      sql`select name, language, status, problem from wa_templates
          where name = ${anyOf(templateNames)}
            and (status <> 'APPROVED' or problem is not null)`,
    );
    for (const t of bad) unusable.set(`${t.name}:${t.language}`, t.problem ?? t.status);
  }

  // Pair rate: never two messages to one phone within 6 s, counting what was just sent.
  const phones = [...new Set(rows.map((r) => r.phone))];
  const lastSent = new Map<string, number>();
  for (const r of await queryRows<{ phone: string; last: Date | string }>(
    db,
    sql`select m.phone, max(m.sent_at) as last
        from wa_messages m
        where m.phone = ${anyOf(phones)}
          and m.sent_at > ${new Date(now.getTime() - PAIR_RATE_MS).toISOString()}::timestamptz
        group by m.phone`,
  )) {
    lastSent.set(r.phone, toMs(r.last));
  }

  const toSend: Claimed[] = [];
  for (const r of rows) {
    if (r.body.type === "template") {
      const problem = unusable.get(`${r.body.template.name}:${r.body.template.language.code}`);
      if (problem) {
        record({
          id: r.id,
          status: "failed",
          failed_at: nowIso,
          reason: `template ${r.body.template.name} (${r.body.template.language.code}) is not usable: ${problem}`,
        });
        continue;
      }
    }
    const last = lastSent.get(r.phone);
    if (last !== undefined && now.getTime() - last < PAIR_RATE_MS) {
      const at = last + PAIR_RATE_MS;
      lastSent.set(r.phone, at);
      record({ id: r.id, status: "queued", not_before: new Date(at).toISOString(), attempts_delta: -1 });
      continue;
    }
    lastSent.set(r.phone, now.getTime());
    toSend.push(r);
  }

  const client = createWhatsAppClient({ transport: deps.transport, phoneNumberId: deps.phoneNumberId });
  const concurrency = Math.max(1, deps.concurrency ?? Math.min(64, Math.max(4, Math.ceil(rate / 2))));
  let next = 0;
  let haltedMidBatch = false;

  const sendOne = async (r: Claimed) => {
    if (haltedMidBatch || !(await pacer.acquire(clock, sleep))) {
      haltedMidBatch = true;
      record({ id: r.id, status: "queued", attempts_delta: -1 });
      return;
    }
    try {
      const { wamid } = await client.sendMessage(r.phone, r.body);
      record({ id: r.id, status: "sent", wamid, sent_at: clock.now().toISOString() });
    } catch (e) {
      applyError(r, e);
    }
  };

  const applyError = (r: Claimed, e: unknown) => {
    const at = clock.now().getTime();
    const atIso = new Date(at).toISOString();
    const err =
      e instanceof WhatsAppApiError
        ? e
        : new WhatsAppApiError({
            code: 1,
            httpStatus: 0,
            title: "send failed",
            details: String(e),
            cause: e,
          });
    const cls: ErrorClassification = err.classification ?? classify(err.code);
    const why = `${cls.ownerMessage} (${err.code}: ${err.title}${err.details ? ` — ${err.details}` : ""})`;
    const grow = (base: number) => base * 2 ** Math.min(Math.max(r.attempts - 1, 0), 6);
    const requeue = (delayMs: number, attemptsDelta = 0) =>
      record({
        id: r.id,
        status: "queued",
        not_before: new Date(at + delayMs).toISOString(),
        reason: why,
        error_code: err.code,
        attempts_delta: attemptsDelta,
      });
    const fail = (reason = why) =>
      record({ id: r.id, status: "failed", failed_at: atIso, reason, error_code: err.code });

    switch (cls.action) {
      case "backoff_number": {
        const delay = grow(cls.delayMs ?? 2000);
        pacer.pause(at + delay);
        if (r.attempts >= MAX_SEND_ATTEMPTS) fail(`gave up after ${r.attempts} attempts: ${why}`);
        else requeue(delay);
        return;
      }
      case "retry_recipient_later": {
        const delay = Math.max(PAIR_RATE_MS, grow(cls.delayMs ?? PAIR_RATE_MS));
        recipientDelays.set(r.phone, Math.max(recipientDelays.get(r.phone) ?? 0, at + delay));
        if (r.attempts >= MAX_SEND_ATTEMPTS) fail(`gave up after ${r.attempts} attempts: ${why}`);
        else requeue(delay);
        return;
      }
      case "retry_later":
        if (r.attempts >= MAX_SEND_ATTEMPTS) fail(`gave up after ${r.attempts} attempts: ${why}`);
        else requeue(grow(cls.delayMs ?? 60_000));
        return;
      case "no_retry_24h":
        // Meta withholds marketing from this user for now; a day later is the earliest useful retry.
        if (r.attempts >= 3) fail(`gave up after ${r.attempts} attempts: ${why}`);
        else requeue(cls.delayMs ?? DAY_MS);
        return;
      case "fix_template":
        if (r.body.type === "template") {
          const key = `${r.body.template.name}:${r.body.template.language.code}`;
          templateProblems.set(key, {
            name: r.body.template.name,
            language: r.body.template.language.code,
            category: r.category.toUpperCase(),
            problem: `${err.code}: ${err.title}${err.details ? ` — ${err.details}` : ""}`,
          });
        }
        fail();
        return;
      case "stop_sending":
      case "refresh_token":
        // Not this message's fault: it waits, and the number stops until someone fixes the account.
        pacer.halt(at + HALT_MS, why);
        haltedMidBatch = true;
        requeue(HALT_MS, -1);
        return;
      case "needs_template":
      case "permanent_recipient":
      case "fix_request":
      default:
        fail();
    }
  };

  const worker = async () => {
    while (next < toSend.length) {
      const r = toSend[next++]!;
      await sendOne(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, toSend.length) }, worker));

  const group = pending.splice(0);
  writing = writing.then(() => writeOutcomes(db, group));
  await writing;

  if (recipientDelays.size > 0) {
    const json = JSON.stringify(
      [...recipientDelays].map(([phone, until]) => ({ phone, until: new Date(until).toISOString() })),
    );
    // Everything else queued for that recipient waits too; other recipients are unaffected.
    await db.execute(
      sql`update wa_messages m set not_before = greatest(m.not_before, r.until)
          from jsonb_to_recordset(${json}::jsonb) as r(phone text, until timestamptz)
          where m.phone = r.phone and ${waitingToSend}`,
    );
  }
  if (templateProblems.size > 0) {
    const json = JSON.stringify([...templateProblems.values()]);
    // Known templates keep their status and get the problem; unknown ones are recorded so the
    // outbox stops using them until a template sync says otherwise.
    await db.execute(
      sql`insert into wa_templates as w (name, language, category, status, components, problem, updated_at)
          select r.name, r.language, r.category, 'UNKNOWN', '[]'::jsonb, r.problem, ${nowIso}::timestamptz
          from jsonb_to_recordset(${json}::jsonb) as r(name text, language text, category text, problem text)
          on conflict (name, language) do update set problem = excluded.problem, updated_at = excluded.updated_at`,
    );
  }
  await deps.transport.flush?.();

  const halted = pacer.halted(clock.now().getTime());
  if (halted) return { ...summary, haltedUntil: halted.until, haltReason: halted.reason };
  return summary;
}
