import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import type { Clock } from "@/lib/time";
import type { OptInSource } from "./consent";
import { normalizePhone } from "./phone";

/*
 * Opt-ins that reach Kosha through the store rather than through WhatsApp: the checkout tick box
 * (Medusa customer metadata `marketing_consent`, mirrored as customers.marketing_consent), a QR
 * code at a stall, an imported list. Each becomes a ledger event keyed by the customer and the
 * consent time, so running this again (every customer sync does) adds nothing.
 */

/** The mirror's consent_source values, in the ledger's words. */
function ledgerSource(mirrorSource: string | null): OptInSource {
  switch (mirrorSource) {
    case "whatsapp_keyword":
      return "keyword";
    case "qr":
    case "import":
      return mirrorSource;
    default:
      // "checkout", "medusa" (a Medusa storefront's tick box) and anything unknown.
      return "checkout";
  }
}

export interface ConsentImportResult {
  customers: number;
  added: number;
  skippedPhones: number;
}

/** Imports mirrored customer consent into the ledger; `customerIds` limits it (default: everyone). */
export async function importCustomerConsent(
  db: Db,
  clock: Clock,
  customerIds?: readonly string[],
): Promise<ConsentImportResult> {
  const filter = customerIds
    ? sql`and id = any(array(select jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb)))`
    : sql``;
  const rows = await queryRows<{
    id: string;
    phone: string;
    name: string | null;
    consent_source: string | null;
    consent_at: Date | string | null;
    created_at: Date | string;
  }>(
    db,
    sql`select id, phone, first_name as name, consent_source, consent_at, created_at from customers
        where marketing_consent and phone is not null and deleted_at is null ${filter}`,
  );
  const events: {
    phone: string;
    source: OptInSource;
    at: string;
    key: string;
    customer_id: string;
    name: string | null;
  }[] = [];
  let skippedPhones = 0;
  for (const r of rows) {
    const phone = normalizePhone(r.phone);
    if (!phone) {
      skippedPhones++;
      continue;
    }
    // A consent time the source puts in the future (clock skew, a generated demo day) is taken
    // as learned now: the ledger never claims an opt-in that has not happened yet.
    const claimed = new Date(r.consent_at ?? r.created_at);
    const at = new Date(Math.min(claimed.getTime(), clock.now().getTime())).toISOString();
    events.push({
      phone,
      source: ledgerSource(r.consent_source),
      at,
      key: `customer:${r.id}:${claimed.toISOString()}`,
      customer_id: r.id,
      name: r.name,
    });
  }
  let added = 0;
  for (let i = 0; i < events.length; i += 5000) {
    added += await applyOptIns(db, events.slice(i, i + 5000), clock);
  }
  return { customers: rows.length, added, skippedPhones };
}

async function applyOptIns(
  db: Db,
  events: {
    phone: string;
    source: string;
    at: string;
    key: string;
    customer_id: string;
    name: string | null;
  }[],
  clock: Clock,
): Promise<number> {
  if (events.length === 0) return 0;
  const json = JSON.stringify(events);
  const now = clock.now().toISOString();
  return db.transaction(async (tx) => {
    const inserted = await queryRows<{ phone: string; at: Date | string; source: string }>(
      tx as unknown as Db,
      sql`insert into wa_consent_events (phone, action, source, evidence, at, dedupe_key)
          select e.phone, 'opt_in', e.source, 'customer ' || e.customer_id, e.at, e.key
          from jsonb_to_recordset(${json}::jsonb) as e(phone text, source text, at timestamptz, key text, customer_id text, name text)
          on conflict (dedupe_key) do nothing
          returning phone, at, source`,
    );
    if (inserted.length === 0) return 0;
    // Fold the new opt-ins into the subscribers: the newest change wins, as in recordConsent.
    await tx.execute(
      sql`insert into wa_subscribers as s (phone, customer_id, name, consent, opted_in_at, opt_in_source, updated_at)
          select distinct on (e.phone) e.phone, e.customer_id, e.name, 'opted_in', e.at, e.source, ${now}::timestamptz
          from jsonb_to_recordset(${json}::jsonb) as e(phone text, source text, at timestamptz, key text, customer_id text, name text)
          order by e.phone, e.at desc
          on conflict (phone) do update set
            customer_id = coalesce(s.customer_id, excluded.customer_id),
            name = coalesce(s.name, excluded.name),
            consent = case when s.opted_out_at is null or s.opted_out_at < excluded.opted_in_at then 'opted_in' else s.consent end,
            opted_in_at = greatest(s.opted_in_at, excluded.opted_in_at),
            opt_in_source = case when s.opted_in_at is null or s.opted_in_at < excluded.opted_in_at then excluded.opt_in_source else s.opt_in_source end,
            updated_at = excluded.updated_at`,
    );
    return inserted.length;
  });
}
