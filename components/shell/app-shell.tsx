import Link from "next/link";
import { SidebarNav } from "./sidebar-nav";
import { SignOutButton } from "./sign-out-button";
import styles from "./shell.module.css";

/** The cockpit frame: sidebar (brand, sections, who is signed in, sign out) and the page. */
export function AppShell({ ownerEmail, children }: { ownerEmail: string; children: React.ReactNode }) {
  return (
    <div className={styles.shell}>
      <aside className={styles.sidebar}>
        <Link href="/dashboard" className={styles.brand}>
          <span className={styles.mark} aria-hidden>
            K
          </span>
          <span>
            Kosha
            <small className={styles.tagline}>Revenue cockpit</small>
          </span>
        </Link>
        <SidebarNav />
        <div className={styles.account}>
          <span className={styles.email} title={ownerEmail}>
            {ownerEmail}
          </span>
          <SignOutButton />
        </div>
      </aside>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
