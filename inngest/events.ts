import { eventType } from "inngest";
import { z } from "zod";

/*
 * The typed catalog of Kosha's own Inngest events. Schemas are plain zod objects (no transforms:
 * Inngest validates with them when a run starts and rejects transforms). Other domains add theirs
 * here, e.g. "kosha/inventory.sku-blocked".
 */

/** An inbound event (webhook) was stored in the inbox and awaits processing. */
export const inboundReceived = eventType("kosha/inbound.received", {
  schema: z.object({ id: z.number().int().positive() }),
});

/** Event id for an inbound row, so a repeated dispatch of the same row is deduplicated (24 h). */
export const inboundEventId = (id: number) => `inbound-${id}`;
