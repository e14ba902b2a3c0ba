import type { Metadata } from "next";
import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { readWhatsAppSettings } from "@/lib/whatsapp/settings";
import { WhatsAppSettingsForm } from "@/components/whatsapp/settings-form";
import styles from "@/components/ui/cockpit-page.module.css";

export const metadata: Metadata = { title: "WhatsApp settings" };
export const dynamic = "force-dynamic";

export default async function WhatsAppSettingsPage() {
  await requireOwner();
  const { db } = await appDb();
  const settings = await readWhatsAppSettings(db);
  return (
    <section className={styles.card} aria-labelledby="settings">
      <h2 id="settings">Settings</h2>
      <p className={styles.hint}>
        The contact budget caps marketing messages per customer across every flow and broadcast. Throughput
        and tier are your number&apos;s limits at Meta; prices are per delivered message (check Meta&apos;s
        rate card for India). Flows are switched on and off on the first tab. Also through GET/PUT
        /api/v1/whatsapp/settings.
      </p>
      <WhatsAppSettingsForm initial={settings} />
    </section>
  );
}
