import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db";
import { sessionEvents, webSessions } from "@/db/schema";
import { classifyChannel } from "./classify-channel";
import type { CollectEvent } from "./collect-schema";
import type { TrafficChannel } from "./channels";

export type RecordResult =
  | {
      status: "stored" | "duplicate";
      sessionId: string;
      channel: TrafficChannel;
      /** The session row is new, or its cart id changed: what KPI rollups derive from it moved. */
      sessionChanged: boolean;
    }
  | { status: "session_conflict"; sessionId: string };

/** The session attributes a landing URL and referrer carry, as stored on web_sessions. */
export function sessionAttribution(landingUrl: string, referrer: string | undefined) {
  const url = new URL(landingUrl);
  const param = (name: string) => bounded(url.searchParams.get(name), 200);
  const ref = url.searchParams.get("ref")?.trim() ?? "";
  const attribution = {
    utmSource: param("utm_source"),
    utmMedium: param("utm_medium"),
    utmCampaign: param("utm_campaign"),
    // A malformed code in a shared link is the link's fault, not the visitor's: drop it, keep the visit.
    referralCode: /^[A-Za-z0-9_-]{1,40}$/.test(ref) ? ref.toUpperCase() : null,
    referrer: referrer ? referrer : null,
    landingPath: bounded(url.pathname, 500) ?? "/",
  };
  const channel = classifyChannel({
    ...attribution,
    siteHost: url.hostname,
    adClickId:
      url.searchParams.get("gclid") ?? url.searchParams.get("gbraid") ?? url.searchParams.get("wbraid"),
  });
  return { ...attribution, channel };
}

function bounded(v: string | null, max: number): string | null {
  const t = v?.trim() ?? "";
  return t === "" ? null : t.slice(0, max);
}

/**
 * Stores one beacon event: creates its web_sessions row on first sight (channel classified from
 * the landing URL and referrer), keeps the session's earliest start and latest cart id, and
 * inserts the event unless its id is already stored. A session id that belongs to another
 * visitor is refused and nothing is written (the caller answers 409).
 */
export async function recordCollectEvent(
  db: Db,
  event: CollectEvent,
  receivedAt: Date,
): Promise<RecordResult> {
  const occurredAt = new Date(event.at);
  const s = sessionAttribution(event.landingUrl, event.referrer);
  return db.transaction(async (tx) => {
    // Read before the upsert so we know whether the cart link is new (a race only adds a call).
    const [before] = await tx
      .select({ cartId: webSessions.cartId })
      .from(webSessions)
      .where(eq(webSessions.id, event.sessionId));
    const session = await queryRows<{ id: string; channel: TrafficChannel; created: boolean }>(
      tx as unknown as Db,
      sql`insert into ${webSessions} as ws
            (id, visitor_id, started_at, channel, utm_source, utm_medium, utm_campaign, referral_code,
             referrer, landing_path, cart_id)
          values (${event.sessionId}, ${event.visitorId}, ${occurredAt.toISOString()}::timestamptz, ${s.channel},
             ${s.utmSource}, ${s.utmMedium}, ${s.utmCampaign}, ${s.referralCode}, ${s.referrer},
             ${s.landingPath}, ${event.cartId ?? null})
          on conflict (id) do update set
            started_at = least(ws.started_at, excluded.started_at),
            cart_id = coalesce(excluded.cart_id, ws.cart_id)
          where ws.visitor_id = excluded.visitor_id
          returning ws.id, ws.channel, (ws.xmax = 0) as created`,
    );
    if (session.length === 0) return { status: "session_conflict", sessionId: event.sessionId };

    const quantity = event.quantity ?? (event.type === "add_to_cart" ? 1 : null);
    const value =
      event.valuePaise ?? (event.pricePaise !== undefined ? event.pricePaise * (quantity ?? 1) : null);
    const inserted = await tx
      .insert(sessionEvents)
      .values({
        id: event.id,
        sessionId: event.sessionId,
        visitorId: event.visitorId,
        type: event.type,
        occurredAt,
        receivedAt,
        path: new URL(event.url).pathname.slice(0, 500),
        productId: event.productId ?? null,
        variantId: event.variantId ?? null,
        sku: event.sku ?? null,
        cartId: event.cartId ?? null,
        quantity,
        unitPricePaise: event.pricePaise ?? null,
        valuePaise: value,
      })
      .onConflictDoNothing({ target: sessionEvents.id })
      .returning({ id: sessionEvents.id });
    const row = session[0]!;
    const cartChanged = event.cartId !== undefined && before?.cartId !== event.cartId;
    return {
      status: inserted.length === 0 ? "duplicate" : "stored",
      sessionId: event.sessionId,
      channel: row.channel,
      sessionChanged: Boolean(row.created) || cartChanged,
    };
  });
}
