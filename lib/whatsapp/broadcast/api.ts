import type { Db } from "@/db";
import { HttpError } from "@/lib/http";
import { systemClock } from "@/lib/time";
import { z } from "zod";
import { composeBroadcast } from "./compose";
import { ensureBroadcastRunning, launchBroadcast } from "./launch";
import { cancelBroadcast, pauseBroadcast, startBroadcast } from "./lifecycle";
import { previewBroadcast, previewRecipients } from "./preview";
import { broadcastIdSchema, type BroadcastDraftInput } from "./schema";
import { listBroadcasts, refreshProgress, requireBroadcast, templateCategory } from "./store";

/*
 * What the broadcast routes call, one function per route, so each route is: parse, call, answer.
 * The system clock and the launcher (Inngest or in-process) are bound here.
 */

export function broadcastIdParam(raw: string | undefined): number {
  const id = broadcastIdSchema.safeParse(raw);
  if (!id.success) throw new HttpError(400, "invalid_id", "Broadcast id must be a positive integer.");
  return id.data;
}

export const broadcastListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.coerce.number().int().positive().optional(),
});

const clock = systemClock;

export const api = {
  list: (db: Db, q: z.infer<typeof broadcastListQuery>) => listBroadcasts(db, q),
  create: async (db: Db, body: BroadcastDraftInput) => composeBroadcast(db, body, { clock }),
  previewDraft: async (db: Db, body: BroadcastDraftInput) => ({
    preview: await previewBroadcast(db, body, { clock }),
  }),
  previewStored: async (db: Db, id: number) => {
    const b = await requireBroadcast(db, id);
    const category = await templateCategory(db, b.templateName, b.language);
    return {
      preview: await previewRecipients(
        db,
        { segmentKey: b.segmentKey, category, ratePerSecond: b.ratePerSecond },
        { clock },
      ),
    };
  },
  /** Progress, live: counters recomputed from the outbox; restarts a loop a server restart lost. */
  progress: async (db: Db, id: number) => {
    await requireBroadcast(db, id);
    await refreshProgress(db, id);
    const b = await requireBroadcast(db, id);
    ensureBroadcastRunning(b);
    return { broadcast: b };
  },
  start: async (db: Db, id: number) => {
    const b = await startBroadcast(db, id, { clock });
    const launched = await launchBroadcast(id);
    return { broadcast: b, runner: launched.via };
  },
  pause: async (db: Db, id: number) => ({ broadcast: await pauseBroadcast(db, id) }),
  cancel: async (db: Db, id: number) => ({ broadcast: await cancelBroadcast(db, id, { clock }) }),
};
