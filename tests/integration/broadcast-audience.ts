import { sql } from "drizzle-orm";
import type { Db } from "@/db";

/*
 * A broadcast audience for tests: each phone an opted-in subscriber (checkout tick box) linked to
 * customer cus_<i>, every one of them a member of `segment`.
 */
export async function addOptedInSegment(db: Db, segment: string, phones: string[]): Promise<void> {
  const subs = phones.map((phone, i) => ({ phone, customer_id: `cus_${i}` }));
  await db.execute(
    sql`insert into wa_subscribers (phone, customer_id, consent, opted_in_at, opt_in_source)
        select phone, customer_id, 'opted_in', now(), 'checkout'
        from jsonb_to_recordset(${JSON.stringify(subs)}::jsonb) as r(phone text, customer_id text)`,
  );
  await db.execute(
    sql`insert into segment_members (segment_key, customer_id, since, reason)
        select ${segment}, customer_id, now(), 't' from jsonb_to_recordset(${JSON.stringify(subs)}::jsonb) as r(customer_id text)`,
  );
}
