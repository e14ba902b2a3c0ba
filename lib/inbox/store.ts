import { and, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { inboundEvents } from "@/db/schema/inbox";
import { systemClock, type Clock } from "@/lib/time";

export interface StoreInboundInput {
  /** Who sent it: "medusa", "whatsapp", ... */
  source: string;
  /** The sender's id for this delivery (or one derived from its content); unique per source. */
  externalId: string;
  /** The event name as the sender calls it, e.g. "order.placed". */
  name: string;
  /** The body exactly as received, kept for audit and replay. */
  rawBody: string;
  payload: unknown;
  occurredAt?: Date | null;
}

/**
 * Stores an inbound event before anything else happens to it. A re-delivery of the same
 * (source, externalId) changes nothing and answers the id of the row already stored.
 */
export async function storeInbound(
  db: Db,
  input: StoreInboundInput,
  clock: Clock = systemClock,
): Promise<{ id: number; duplicate: boolean }> {
  const inserted = await db
    .insert(inboundEvents)
    .values({
      source: input.source,
      externalId: input.externalId,
      name: input.name,
      rawBody: input.rawBody,
      payload: input.payload ?? null,
      occurredAt: input.occurredAt ?? null,
      receivedAt: clock.now(),
    })
    .onConflictDoNothing({ target: [inboundEvents.source, inboundEvents.externalId] })
    .returning({ id: inboundEvents.id });
  if (inserted[0]) return { id: inserted[0].id, duplicate: false };
  const [existing] = await db
    .select({ id: inboundEvents.id })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.source, input.source), eq(inboundEvents.externalId, input.externalId)));
  if (!existing)
    throw new Error(`inbound event ${input.source}/${input.externalId} neither inserted nor found`);
  return { id: existing.id, duplicate: true };
}
