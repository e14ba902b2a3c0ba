import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import type { Clock } from "@/lib/time";
import type { WaTemplateStatusValue } from "./envelope";

/*
 * field "message_template_status_update": Meta approved, rejected, paused, disabled or
 * reinstated a template. The row (name, language) takes the new status and Meta's reason as
 * its problem. When the entry carries its time, an older update than what the row holds is
 * skipped, so out-of-order deliveries cannot revert a newer status.
 */
function statusOf(event: string): string | null {
  const e = event.toUpperCase();
  if (e === "REINSTATED") return "APPROVED";
  // FLAGGED warns that a pause may follow; the template is still usable.
  if (e === "FLAGGED") return null;
  return e;
}

export async function applyTemplateStatus(
  db: Db,
  v: WaTemplateStatusValue,
  entryTime: number | undefined,
  clock: Clock,
): Promise<"applied" | "stale" | "unknown"> {
  const status = statusOf(v.event);
  const reason = v.reason && v.reason.toUpperCase() !== "NONE" ? v.reason : null;
  const info = [v.other_info?.title, v.other_info?.description].filter(Boolean).join(": ");
  const problem = [
    v.event.toUpperCase() === "FLAGGED" ? "flagged for low quality" : null,
    reason,
    info || null,
  ]
    .filter(Boolean)
    .join("; ");
  const at = entryTime ? new Date(entryTime * 1000) : clock.now();
  const rows = await queryRows<{ name: string }>(
    db,
    sql`update wa_templates set
          status = coalesce(${status}, status),
          problem = ${problem || null},
          external_id = coalesce(external_id, ${v.message_template_id == null ? null : String(v.message_template_id)}),
          updated_at = ${at.toISOString()}::timestamptz
        where name = ${v.message_template_name} and language = ${v.message_template_language}
          and (${entryTime == null} or updated_at <= ${at.toISOString()}::timestamptz)
        returning name`,
  );
  if (rows.length > 0) return "applied";
  const known = await queryRows<{ name: string }>(
    db,
    sql`select name from wa_templates where name = ${v.message_template_name} and language = ${v.message_template_language}`,
  );
  return known.length > 0 ? "stale" : "unknown";
}
