import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { sessionEvents, webSessions } from "@/db/schema";
import { beaconIdSchema } from "./collect-schema";

export const sessionsQuerySchema = z.strictObject({ visitorId: beaconIdSchema });
export const eventsQuerySchema = z.strictObject({ sessionId: beaconIdSchema });

/** A visitor's sessions, newest first (GET /api/v1/traffic/sessions?visitorId=). */
export async function listVisitorSessions(db: Db, visitorId: string) {
  return db
    .select()
    .from(webSessions)
    .where(eq(webSessions.visitorId, visitorId))
    .orderBy(desc(webSessions.startedAt))
    .limit(200);
}

/** A session's events in the order they happened (GET /api/v1/traffic/events?sessionId=). */
export async function listSessionEvents(db: Db, sessionId: string) {
  const rows = await db
    .select()
    .from(sessionEvents)
    .where(eq(sessionEvents.sessionId, sessionId))
    .orderBy(asc(sessionEvents.occurredAt), asc(sessionEvents.id))
    .limit(1000);
  return rows.map((r) => ({
    ...r,
    unitPricePaise: r.unitPricePaise === null ? null : Number(r.unitPricePaise),
    valuePaise: r.valuePaise === null ? null : Number(r.valuePaise),
  }));
}
