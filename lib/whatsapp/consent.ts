import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import type { Clock } from "@/lib/time";
import { z } from "zod";
import type { WaPhone } from "./phone";

/*
 * The consent ledger. Every opt-in and opt-out is appended to wa_consent_events (deduplicated by
 * a key, so a re-delivered keyword or a re-run import changes nothing) and folded into
 * wa_subscribers, which the senders read. The later event wins: an opt-out after an opt-in stops
 * messages; a fresh opt-in (a new checkout tick, START) resumes them.
 */

export const optInSources = ["checkout", "keyword", "qr", "import", "owner"] as const;
export const optInSourceSchema = z.enum(optInSources);
export type OptInSource = z.infer<typeof optInSourceSchema>;
export const optOutSourceSchema = z.enum(["keyword", "owner", "import", "undeliverable"]);
export type OptOutSource = z.infer<typeof optOutSourceSchema>;

export interface ConsentChange {
  phone: WaPhone;
  source: OptInSource | OptOutSource;
  /** Proof the owner can point at: inbound wamid, cart id, file name and row... */
  evidence?: string;
  /** A key unique to this change; a second change with the same key is ignored. */
  dedupeKey: string;
  customerId?: string | null;
  name?: string | null;
  at?: Date;
}

export type ConsentAction = "opt_in" | "opt_out";

/**
 * Records one consent change. Returns false when the change was already recorded (same
 * dedupeKey) or an equally recent or newer change of the other kind already stands.
 */
export async function recordConsent(
  db: Db,
  action: ConsentAction,
  change: ConsentChange,
  clock: Clock,
): Promise<boolean> {
  const at = change.at ?? clock.now();
  const atIso = at.toISOString();
  return db.transaction(async (tx) => {
    const inserted = await queryRows<{ id: number }>(
      tx as unknown as Db,
      sql`insert into wa_consent_events (phone, action, source, evidence, at, dedupe_key)
          values (${change.phone}, ${action}, ${change.source}, ${change.evidence ?? null}, ${atIso}::timestamptz, ${change.dedupeKey})
          on conflict (dedupe_key) do nothing returning id`,
    );
    if (inserted.length === 0) return false;
    const consent = action === "opt_in" ? "opted_in" : "opted_out";
    // Events can arrive out of order (an import of old tick boxes after a STOP): the newest wins.
    const updated = await queryRows<{ phone: string }>(
      tx as unknown as Db,
      sql`insert into wa_subscribers as s (phone, customer_id, name, consent, opted_in_at, opt_in_source, opted_out_at, opt_out_source, updated_at)
          values (${change.phone}, ${change.customerId ?? null}, ${change.name ?? null}, ${consent},
                  ${action === "opt_in" ? atIso : null}::timestamptz, ${action === "opt_in" ? change.source : null},
                  ${action === "opt_out" ? atIso : null}::timestamptz, ${action === "opt_out" ? change.source : null}, ${clock.now().toISOString()}::timestamptz)
          on conflict (phone) do update set
            customer_id = coalesce(excluded.customer_id, s.customer_id),
            name = coalesce(excluded.name, s.name),
            consent = case
              when ${action}::text = 'opt_in' and (s.opted_out_at is null or s.opted_out_at < ${atIso}::timestamptz) then 'opted_in'
              when ${action}::text = 'opt_out' and (s.opted_in_at is null or s.opted_in_at <= ${atIso}::timestamptz) then 'opted_out'
              else s.consent end,
            opted_in_at = case when ${action}::text = 'opt_in' and (s.opted_in_at is null or s.opted_in_at < ${atIso}::timestamptz) then ${atIso}::timestamptz else s.opted_in_at end,
            opt_in_source = case when ${action}::text = 'opt_in' and (s.opted_in_at is null or s.opted_in_at < ${atIso}::timestamptz) then ${change.source} else s.opt_in_source end,
            opted_out_at = case when ${action}::text = 'opt_out' and (s.opted_out_at is null or s.opted_out_at < ${atIso}::timestamptz) then ${atIso}::timestamptz else s.opted_out_at end,
            opt_out_source = case when ${action}::text = 'opt_out' and (s.opted_out_at is null or s.opted_out_at < ${atIso}::timestamptz) then ${change.source} else s.opt_out_source end,
            updated_at = excluded.updated_at
          returning phone`,
    );
    return updated.length > 0;
  });
}

export const optIn = (db: Db, change: ConsentChange, clock: Clock) =>
  recordConsent(db, "opt_in", change, clock);
export const optOut = (db: Db, change: ConsentChange, clock: Clock) =>
  recordConsent(db, "opt_out", change, clock);

/** Notes an inbound message: opens (or refreshes) the 24-hour service window; never grants consent. */
export async function noteInbound(
  db: Db,
  phone: WaPhone,
  at: Date,
  clock: Clock,
  name?: string | null,
): Promise<void> {
  const atIso = at.toISOString();
  await db.execute(
    sql`insert into wa_subscribers as s (phone, name, consent, last_inbound_at, updated_at)
        values (${phone}, ${name ?? null}, 'unknown', ${atIso}::timestamptz, ${clock.now().toISOString()}::timestamptz)
        on conflict (phone) do update set
          last_inbound_at = greatest(s.last_inbound_at, excluded.last_inbound_at),
          name = coalesce(s.name, excluded.name),
          updated_at = excluded.updated_at`,
  );
}

export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface SubscriberState {
  phone: string;
  customerId: string | null;
  consent: "opted_in" | "opted_out" | "unknown";
  optedInAt: Date | null;
  lastInboundAt: Date | null;
}

/** Subscriber states for many phones at once (missing phones are simply absent). */
export async function subscriberStates(
  db: Db,
  phones: readonly string[],
): Promise<Map<string, SubscriberState>> {
  if (phones.length === 0) return new Map();
  const rows = await queryRows<{
    phone: string;
    customer_id: string | null;
    consent: SubscriberState["consent"];
    opted_in_at: Date | string | null;
    last_inbound_at: Date | string | null;
  }>(
    db,
    sql`select phone, customer_id, consent, opted_in_at, last_inbound_at from wa_subscribers
        where phone = any(array(select jsonb_array_elements_text(${JSON.stringify(phones)}::jsonb)))`,
  );
  const toDate = (v: Date | string | null) => (v == null ? null : v instanceof Date ? v : new Date(v));
  return new Map(
    rows.map((r) => [
      r.phone,
      {
        phone: r.phone,
        customerId: r.customer_id,
        consent: r.consent,
        optedInAt: toDate(r.opted_in_at),
        lastInboundAt: toDate(r.last_inbound_at),
      },
    ]),
  );
}

/** Whether the customer-service window is open at `now` (free-form messages allowed). */
export function windowOpen(state: Pick<SubscriberState, "lastInboundAt"> | undefined, now: Date): boolean {
  return !!state?.lastInboundAt && now.getTime() - state.lastInboundAt.getTime() < SERVICE_WINDOW_MS;
}
