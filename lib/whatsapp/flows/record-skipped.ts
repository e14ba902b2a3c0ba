import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import type { Clock } from "@/lib/time";
import { messageDraftSchema, type MessageDraft } from "../outbox/types";
import { messageKind } from "../messages";

/*
 * A flow decision the outbox never sees: the flow itself decided not to send (the guard blocked
 * every product it would have featured). It is still a wa_messages row with its reason, under
 * the step's idempotency key, so the owner sees it in the log and a re-run is a no-op. Nothing
 * here sends: the row is `skipped` from birth and the dispatcher only claims `queued` rows.
 */
export async function recordSkipped(
  db: Db,
  draft: MessageDraft,
  reason: string,
  clock: Clock,
): Promise<{ id: number; inserted: boolean }> {
  const d = messageDraftSchema.parse(draft);
  const now = clock.now().toISOString();
  const inserted = await queryRows<{ id: number | string }>(
    db,
    sql`insert into wa_messages (idempotency_key, phone, customer_id, kind, category, template_name, body, flow,
                                 cart_id, order_id, attribution, status, reason, not_before, cost_paise, created_at)
        values (${d.idempotencyKey}, ${d.phone}, ${d.customerId ?? null}, ${messageKind(d.message)}, ${d.category},
                ${d.message.type === "template" ? d.message.template.name : null}, ${JSON.stringify(d.message)}::jsonb,
                ${d.flow}, ${d.cartId ?? null}, ${d.orderId ?? null}, ${d.attribution ?? null}, 'skipped', ${reason},
                ${now}::timestamptz, 0, ${now}::timestamptz)
        on conflict (idempotency_key) do nothing
        returning id`,
  );
  if (inserted[0]) return { id: Number(inserted[0].id), inserted: true };
  const [row] = await queryRows<{ id: number | string }>(
    db,
    sql`select id from wa_messages where idempotency_key = ${d.idempotencyKey}`,
  );
  return { id: Number(row!.id), inserted: false };
}

/** The outbox row already decided for a key, if any (flows check before doing guard work). */
export async function existingDecision(
  db: Db,
  key: string,
): Promise<{ id: number; status: string; reason: string | null } | null> {
  const [row] = await queryRows<{ id: number | string; status: string; reason: string | null }>(
    db,
    sql`select id, status, reason from wa_messages where idempotency_key = ${key}`,
  );
  return row ? { id: Number(row.id), status: row.status, reason: row.reason } : null;
}
