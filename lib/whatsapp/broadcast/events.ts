import { eventType } from "inngest";
import { z } from "zod";

/** A broadcast was started or resumed: inngest/functions/whatsapp-broadcast.ts sends it. */
export const BROADCAST_STARTED = "whatsapp/broadcast.started";
export const broadcastStartedSchema = z.object({ broadcastId: z.number().int().positive() });
export const broadcastStarted = eventType(BROADCAST_STARTED, { schema: broadcastStartedSchema });
