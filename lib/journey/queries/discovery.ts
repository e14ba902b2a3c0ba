import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { knownChannel } from "@/lib/kpi/sql/fragments";
import type { JourneyWindow } from "./window";

/** Discovery: storefront sessions started in the window, by the channel that brought them. */
export async function discoveryNumbers(db: Db, w: JourneyWindow) {
  const rows = await queryRows<{ channel: string; sessions: number | string }>(
    db,
    sql`select ${knownChannel(sql`channel`)} as channel, count(*) as sessions
        from web_sessions
        where started_at >= ${w.start.toISOString()} and started_at < ${w.end.toISOString()}
        group by 1 order by 2 desc, 1`,
  );
  const byChannel = rows.map((r) => ({ channel: r.channel, sessions: Number(r.sessions) }));
  return { sessions: byChannel.reduce((s, r) => s + r.sessions, 0), byChannel };
}
