import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";

/*
 * Who may be messaged: subscribers by consent state and by where their opt-in came from, and the
 * latest changes in the consent ledger (the evidence the owner shows when asked).
 */
export interface ConsentSummary {
  optedIn: number;
  optedOut: number;
  /** Known phones that never opted in: reachable only by replying inside their service window. */
  unknown: number;
  optInSources: { source: string; count: number }[];
  /** Opted-in phones whose 24 h service window is open now. */
  windowOpen: number;
}

export interface ConsentEventRow {
  phone: string;
  name: string | null;
  action: string;
  source: string;
  evidence: string | null;
  at: Date;
}

export async function consentSummary(db: Db, now: Date): Promise<ConsentSummary> {
  const [states, sources] = await Promise.all([
    queryRows<{ consent: string; n: string | number; open: string | number }>(
      db,
      sql`select consent, count(*) as n,
                 count(*) filter (where last_inbound_at > ${now.toISOString()}::timestamptz - interval '24 hours') as open
          from wa_subscribers group by consent`,
    ),
    queryRows<{ source: string; n: string | number }>(
      db,
      sql`select coalesce(opt_in_source, 'unknown') as source, count(*) as n from wa_subscribers
          where consent = 'opted_in' group by 1 order by 2 desc, 1`,
    ),
  ]);
  const n = (c: string) => Number(states.find((s) => s.consent === c)?.n ?? 0);
  return {
    optedIn: n("opted_in"),
    optedOut: n("opted_out"),
    unknown: n("unknown"),
    optInSources: sources.map((s) => ({ source: s.source, count: Number(s.n) })),
    windowOpen: Number(states.find((s) => s.consent === "opted_in")?.open ?? 0),
  };
}

export async function recentConsentEvents(db: Db, limit = 20): Promise<ConsentEventRow[]> {
  const rows = await queryRows<Omit<ConsentEventRow, "at"> & { at: string | Date }>(
    db,
    sql`select e.phone, s.name, e.action, e.source, e.evidence, e.at
        from wa_consent_events e left join wa_subscribers s on s.phone = e.phone
        order by e.at desc, e.id desc limit ${limit}`,
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at) }));
}
