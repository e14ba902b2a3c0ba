import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import { HttpError } from "@/lib/http";
import type { Clock } from "@/lib/time";
import { realSleep, type Sleep } from "../outbox/pacer";
import { waitingToSend } from "../outbox/states";
import type { WhatsAppSettings } from "../settings";
import { broadcastSteps, type AdvanceDeps, type AdvanceResult } from "./advance";
import { usableTemplate } from "./compose";
import { previewRecipients } from "./preview";
import type { Broadcast } from "./schema";
import { refreshProgress, requireBroadcast } from "./store";

/*
 * A broadcast's life: draft → sending ⇄ paused → done, or canceled from any unfinished state.
 * Start re-checks the template and fixes the audience size and the cost estimate; the send itself
 * is advanceBroadcast, stepped here (in-process, broadcastSteps) or step by step in Inngest.
 */

/** Far enough that no dispatcher claims it; a paused broadcast's queued rows wait here. */
export const PAUSED_UNTIL = "9999-12-31T00:00:00Z";

export interface LifecycleDeps {
  clock: Clock;
  settings?: WhatsAppSettings;
}

export async function startBroadcast(db: Db, id: number, deps: LifecycleDeps): Promise<Broadcast> {
  const b = await requireBroadcast(db, id);
  const now = deps.clock.now().toISOString();
  if (b.status === "paused") {
    await db.execute(sql`update wa_broadcasts set status = 'sending' where id = ${id} and status = 'paused'`);
    // Its waiting messages are due again now.
    await db.execute(
      sql`update wa_messages set not_before = ${now}::timestamptz
          where broadcast_id = ${id} and ${waitingToSend}
            and not_before >= ${PAUSED_UNTIL}::timestamptz`,
    );
    return requireBroadcast(db, id);
  }
  if (b.status !== "draft") {
    throw new HttpError(
      409,
      "conflict",
      `Broadcast ${id} is ${b.status}; only a draft or a paused one can start.`,
    );
  }
  const template = await usableTemplate(db, b.templateName, b.language);
  const p = await previewRecipients(
    db,
    { segmentKey: b.segmentKey, category: template.category, ratePerSecond: b.ratePerSecond },
    deps,
  );
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`update wa_broadcasts set status = 'sending', started_at = ${now}::timestamptz,
          recipients = ${p.candidates}, estimated_cost_paise = ${p.estimatedCostPaise}
        where id = ${id} and status = 'draft' returning id`,
  );
  if (!row) throw new HttpError(409, "conflict", `Broadcast ${id} was started meanwhile.`);
  return requireBroadcast(db, id);
}

export async function pauseBroadcast(db: Db, id: number): Promise<Broadcast> {
  const b = await requireBroadcast(db, id);
  if (b.status !== "sending")
    throw new HttpError(409, "conflict", `Broadcast ${id} is ${b.status}, not sending.`);
  await db.execute(sql`update wa_broadcasts set status = 'paused' where id = ${id} and status = 'sending'`);
  await db.execute(
    sql`update wa_messages set not_before = ${PAUSED_UNTIL}::timestamptz
        where broadcast_id = ${id} and ${waitingToSend}`,
  );
  await refreshProgress(db, id);
  return requireBroadcast(db, id);
}

/** Stops what has not gone yet: queued messages become skipped ("broadcast canceled"). */
export async function cancelBroadcast(db: Db, id: number, deps: { clock: Clock }): Promise<Broadcast> {
  const b = await requireBroadcast(db, id);
  if (b.status === "done" || b.status === "canceled") {
    throw new HttpError(409, "conflict", `Broadcast ${id} is already ${b.status}.`);
  }
  const now = deps.clock.now().toISOString();
  await db.execute(
    sql`update wa_broadcasts set status = 'canceled', finished_at = ${now}::timestamptz
        where id = ${id} and status in ('draft', 'sending', 'paused')`,
  );
  // Rows already claimed (a lease: "sending") are in flight and finish; the rest never go.
  await db.execute(
    sql`update wa_messages set status = 'skipped', reason = 'broadcast canceled', cost_paise = 0
        where broadcast_id = ${id} and ${waitingToSend}`,
  );
  await refreshProgress(db, id);
  return requireBroadcast(db, id);
}

export interface RunDeps extends AdvanceDeps {
  sleep?: Sleep;
  /** Called after every step (progress logs, tests). */
  onStep?: (r: AdvanceResult) => void;
}

/** Steps the broadcast until it is done, paused or canceled, sleeping while the backlog drains. */
export async function runBroadcast(db: Db, id: number, deps: RunDeps): Promise<AdvanceResult> {
  const sleep = deps.sleep ?? realSleep;
  for await (const r of broadcastSteps(db, id, deps)) {
    deps.onStep?.(r);
    if (r.state === "stopped" || r.state === "done") return r;
    if (r.state === "wait" || r.state === "draining") await sleep(r.waitMs);
  }
  throw new Error(`broadcast ${id}: its steps ended without a final state`);
}
