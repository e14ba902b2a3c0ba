"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./whatsapp.module.css";

const TABS = [
  { href: "/whatsapp", label: "Flows, templates, subscribers" },
  { href: "/whatsapp/broadcasts", label: "Broadcasts" },
  { href: "/whatsapp/messages", label: "Message log" },
  { href: "/whatsapp/sandbox", label: "Sandbox log" },
  { href: "/whatsapp/settings", label: "Settings" },
];

/** The WhatsApp pages, one tab each; the current one is highlighted. */
export function SectionTabs() {
  const path = usePathname();
  return (
    <nav className={styles.tabs} aria-label="WhatsApp sections">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          className={`${styles.tab} ${path === t.href ? styles.tabActive : ""}`}
          aria-current={path === t.href ? "page" : undefined}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
