import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { listMessages, messageLogQuerySchema, messageStatuses } from "@/lib/whatsapp/cockpit/message-log";
import { FLOW_LABELS } from "@/components/whatsapp/format";
import { MessageLogTable } from "@/components/whatsapp/message-log-table";
import page from "@/components/ui/cockpit-page.module.css";
import own from "@/components/whatsapp/whatsapp.module.css";

const styles = { ...page, ...own };

export const metadata: Metadata = { title: "WhatsApp messages" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MessagesPage({ searchParams }: { searchParams: SearchParams }) {
  await requireOwner();
  const params = await searchParams;
  // Empty select values mean "any": drop them before parsing.
  const asked = Object.fromEntries(
    Object.entries(params).filter(
      (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "" && e[0] !== "limit",
    ),
  );
  const parsed = messageLogQuerySchema.safeParse(asked);
  const query = parsed.success ? parsed.data : messageLogQuerySchema.parse({});
  const { db } = await appDb();
  const log = await listMessages(db, { ...query, limit: 100 });
  const next = new URLSearchParams({ ...asked, before: String(log.nextBefore ?? "") });

  return (
    <section className={styles.card} aria-labelledby="log">
      <h2 id="log">Message log</h2>
      <p className={styles.hint}>
        Every message Kosha decided to send, newest first — the ones it held back too (skipped, with the
        reason: no consent, opted out, over the contact budget, outside the service window, guard-blocked
        product).
      </p>
      <form className={styles.row} method="get">
        <label className={styles.field}>
          <span>Flow</span>
          <select name="flow" defaultValue={query.flow ?? ""}>
            <option value="">any</option>
            {Object.entries(FLOW_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span>Status</span>
          <select name="status" defaultValue={query.status ?? ""}>
            <option value="">any</option>
            {messageStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {query.broadcastId && <input type="hidden" name="broadcastId" value={query.broadcastId} />}
        <button className={styles.button} type="submit">
          Filter
        </button>
      </form>
      {!parsed.success && <p className={styles.error}>That filter is not valid; showing everything.</p>}
      <MessageLogTable items={log.items} />
      {log.nextBefore && (
        <a className={styles.button} href={`?${next}`}>
          Older messages
        </a>
      )}
    </section>
  );
}
