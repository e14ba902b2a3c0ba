import { appDb } from "@/db";
import { requireOwner } from "@/lib/auth";
import { readEnv, transports } from "@/lib/config";
import { listSandboxRequests } from "@/lib/whatsapp/cockpit/sandbox-log";
import { SectionTabs } from "@/components/whatsapp/section-tabs";
import { TransportBanner } from "@/components/whatsapp/transport-banner";
import styles from "@/components/ui/cockpit-page.module.css";

export const dynamic = "force-dynamic";

/** Every WhatsApp page says first whether messages really go out, then offers the sections. */
export default async function WhatsAppLayout({ children }: { children: React.ReactNode }) {
  await requireOwner();
  const mode = transports(readEnv()).whatsapp;
  const { db } = await appDb();
  const sandbox = await listSandboxRequests(db, { limit: 1 });
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>WhatsApp</h1>
        <p>
          Your main selling channel: flows that run by themselves (cart recovery, order updates, catalog
          sync), broadcasts to a segment, and every message with what became of it. Nobody without an opt-in
          gets a marketing message; a STOP stops everything but replies. Times are IST.
        </p>
      </header>
      <TransportBanner
        mode={mode}
        sandboxRequests={sandbox.total}
        lastSandboxAt={sandbox.items[0]?.at ?? null}
      />
      <SectionTabs />
      {children}
    </div>
  );
}
