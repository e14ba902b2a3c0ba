import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { listBroadcasts } from "@/lib/whatsapp/cockpit/broadcasts";
import { BroadcastTable } from "@/components/whatsapp/broadcast-table";
import styles from "@/components/ui/cockpit-page.module.css";

export const metadata: Metadata = { title: "WhatsApp broadcasts" };
export const dynamic = "force-dynamic";

export default async function BroadcastsPage() {
  await requireOwner();
  const { db } = await appDb();
  const broadcasts = await listBroadcasts(db);
  return (
    <section className={styles.card} aria-labelledby="list">
      <h2 id="list">Broadcasts</h2>
      <BroadcastTable items={broadcasts} />
    </section>
  );
}
