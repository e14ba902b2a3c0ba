import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { readEnv, transports } from "@/lib/config";
import { segmentOverview } from "@/lib/segments";
import { systemClock } from "@/lib/time";
import { listBroadcasts } from "@/lib/whatsapp/cockpit/broadcasts";
import { listTemplates } from "@/lib/whatsapp/cockpit/templates";
import { BroadcastComposer } from "@/components/whatsapp/broadcast-composer";
import { BroadcastTable } from "@/components/whatsapp/broadcast-table";
import styles from "@/components/ui/cockpit-page.module.css";

export const metadata: Metadata = { title: "WhatsApp broadcasts" };
export const dynamic = "force-dynamic";

export default async function BroadcastsPage() {
  await requireOwner();
  const { db } = await appDb();
  const [broadcasts, templates, segments] = await Promise.all([
    listBroadcasts(db),
    listTemplates(db),
    segmentOverview(db, systemClock, 1),
  ]);
  const mode = transports(readEnv()).whatsapp;
  return (
    <>
      <section className={styles.card} aria-labelledby="compose">
        <h2 id="compose">New broadcast</h2>
        <p className={styles.hint}>
          A marketing template to everyone in a segment who opted in, has not opted out and is within the
          contact budget; featured products are checked by the inventory guard when you compose and again as
          it sends.
        </p>
        <BroadcastComposer
          mode={mode}
          segments={segments
            .filter((s) => s.size > 0)
            .map((s) => ({ key: s.key, label: s.label, size: s.size }))}
          templates={templates
            .filter((t) => t.status === "APPROVED")
            .map(({ name, language, category, body, params }) => ({
              name,
              language,
              category,
              body,
              params,
            }))}
        />
      </section>
      <section className={styles.card} aria-labelledby="list">
        <h2 id="list">Broadcasts</h2>
        <BroadcastTable items={broadcasts} />
      </section>
    </>
  );
}
