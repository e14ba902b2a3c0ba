import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { queryRows } from "@/db/client";
import type { Clock } from "@/lib/time";

/*
 * Tracked links: a message's button or text points at `<publicUrl>/r/<token>`; following it
 * marks the message clicked and redirects to the target stored here. The token is derived from
 * the message's idempotency key and the target, so building the same message twice (a retried
 * flow step) yields the same link and one row.
 */

export interface LinkRequest {
  /** The idempotency key of the message the link goes into. */
  messageKey: string;
  /** Where the customer should land (checkout, product, collection), with its UTM tags. */
  target: string;
}

export function linkToken(messageKey: string, target: string): string {
  return createHash("sha256").update(`${messageKey}\n${target}`).digest("base64url").slice(0, 16);
}

/** Registers links in one statement and returns their public URLs (and tokens, for URL-button suffixes). */
export async function trackedLinks(
  db: Db,
  publicUrl: string,
  links: readonly LinkRequest[],
): Promise<{ token: string; url: string }[]> {
  if (links.length === 0) return [];
  const rows = links.map((l) => {
    const target = new URL(l.target).toString();
    return { token: linkToken(l.messageKey, target), message_key: l.messageKey, target };
  });
  await db.execute(
    sql`insert into wa_links (token, message_key, target)
        select token, message_key, target from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as r(token text, message_key text, target text)
        on conflict (token) do nothing`,
  );
  const base = publicUrl.replace(/\/+$/, "");
  return rows.map((r) => ({ token: r.token, url: `${base}/r/${r.token}` }));
}

/** Notes a click (the message's first click time is kept) and answers where to send the customer. */
export async function followLink(db: Db, token: string, clock: Clock): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{16}$/.test(token)) return null;
  const now = clock.now().toISOString();
  const [link] = await queryRows<{ target: string; message_key: string }>(
    db,
    sql`update wa_links set clicks = clicks + 1, first_clicked_at = coalesce(first_clicked_at, ${now}::timestamptz),
          last_clicked_at = ${now}::timestamptz
        where token = ${token} returning target, message_key`,
  );
  if (!link) return null;
  await db.execute(
    sql`update wa_messages set clicked_at = coalesce(clicked_at, ${now}::timestamptz)
        where idempotency_key = ${link.message_key}`,
  );
  return link.target;
}
