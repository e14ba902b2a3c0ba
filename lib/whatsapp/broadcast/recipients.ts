import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";

/*
 * Who a broadcast goes to: the segment's members joined to the WhatsApp subscribers, by the
 * subscriber's customer id, or (for a subscriber not yet linked to a customer) by the customer's
 * phone normalised the way lib/whatsapp/phone does it for Indian numbers (10 digits, a leading 0,
 * or 91 + 10 digits become 91XXXXXXXXXX; anything else keeps its digits). One row per phone.
 *
 * Every linked phone is a candidate: the outbox decides per phone (consent, opt-out, budget,
 * tier) and records a skipped row with the reason for the ones that may not get it, so the owner
 * sees why each member did or did not get the broadcast. Candidates are walked in phone order,
 * so "the last phone written for this broadcast" is the resume cursor after a crash.
 */

export interface Recipient {
  phone: string;
  customerId: string | null;
  name: string | null;
  consent: string;
  lastInboundAt: Date | null;
}

const waKey = (col: SQL) => sql`(case
  when length(regexp_replace(${col}, '[^0-9]', '', 'g')) = 10 and regexp_replace(${col}, '[^0-9]', '', 'g') ~ '^[6-9]'
    then '91' || regexp_replace(${col}, '[^0-9]', '', 'g')
  when length(regexp_replace(${col}, '[^0-9]', '', 'g')) = 11 and regexp_replace(${col}, '[^0-9]', '', 'g') ~ '^0[6-9]'
    then '91' || substr(regexp_replace(${col}, '[^0-9]', '', 'g'), 2)
  else regexp_replace(${col}, '[^0-9]', '', 'g') end)`;

/** All candidate (phone, customer) pairs of a segment, as a subquery with columns phone, customer_id. */
export function candidatesSql(segmentKey: string): SQL {
  return sql`(
    select s.phone, sm.customer_id
      from segment_members sm join wa_subscribers s on s.customer_id = sm.customer_id
     where sm.segment_key = ${segmentKey}
    union
    select s.phone, sm.customer_id
      from segment_members sm join customers c on c.id = sm.customer_id
      join wa_subscribers s on s.customer_id is null and s.phone = ${waKey(sql`c.phone`)}
     where sm.segment_key = ${segmentKey} and c.phone is not null
  )`;
}

type RecipientRow = {
  phone: string;
  customer_id: string | null;
  name: string | null;
  consent: string;
  last_inbound_at: Date | string | null;
};

const toRecipient = (r: RecipientRow): Recipient => ({
  phone: r.phone,
  customerId: r.customer_id,
  name: r.name,
  consent: r.consent,
  lastInboundAt: r.last_inbound_at === null ? null : new Date(r.last_inbound_at),
});

/** The next `limit` candidates after `afterPhone` (exclusive), in phone order. */
export async function recipientPage(
  db: Db,
  segmentKey: string,
  afterPhone: string | null,
  limit: number,
): Promise<Recipient[]> {
  const rows = await queryRows<RecipientRow>(
    db,
    sql`select distinct on (c.phone) c.phone, c.customer_id, s.name, s.consent, s.last_inbound_at
          from ${candidatesSql(segmentKey)} c join wa_subscribers s on s.phone = c.phone
         where c.phone > ${afterPhone ?? ""}
         order by c.phone, c.customer_id
         limit ${limit}`,
  );
  return rows.map(toRecipient);
}

/** The resume cursor: the greatest phone this broadcast already has a message row for. */
export async function lastWrittenPhone(db: Db, broadcastId: number): Promise<string | null> {
  const [row] = await queryRows<{ phone: string | null }>(
    db,
    sql`select max(phone) as phone from wa_messages where broadcast_id = ${broadcastId}`,
  );
  return row?.phone ?? null;
}
