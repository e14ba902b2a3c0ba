import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { readEnv, transports } from "@/lib/config";
import { listSandboxRequests } from "@/lib/whatsapp/cockpit/sandbox-log";
import { count } from "@/components/whatsapp/format";
import { SandboxLogTable } from "@/components/whatsapp/sandbox-log-table";
import styles from "@/components/ui/cockpit-page.module.css";

export const metadata: Metadata = { title: "WhatsApp sandbox log" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SandboxPage({ searchParams }: { searchParams: SearchParams }) {
  await requireOwner();
  const params = await searchParams;
  const before = Number(params.before);
  const { db } = await appDb();
  const log = await listSandboxRequests(db, {
    limit: 100,
    ...(Number.isInteger(before) && before > 0 ? { before } : {}),
  });
  const live = transports(readEnv()).whatsapp === "live";
  const oldest = log.items[log.items.length - 1]?.id;

  return (
    <section className={styles.card} aria-labelledby="sandbox">
      <h2 id="sandbox">Sandbox log</h2>
      <p className={styles.hint}>
        {live
          ? "WhatsApp is live now; these are the requests recorded while it ran in the sandbox."
          : "What Kosha would have sent to Meta's Cloud API — messages, template submissions, catalog batches — validated the way Meta validates them, with the answer the sandbox gave. Nothing here reached a customer."}{" "}
        {count(log.total)} requests in all, newest first.
      </p>
      <SandboxLogTable items={log.items} />
      {oldest && log.items.length === 100 && (
        <a className={styles.button} href={`?before=${oldest}`}>
          Older requests
        </a>
      )}
    </section>
  );
}
