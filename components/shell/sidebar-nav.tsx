"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_LINKS } from "./nav-links";
import styles from "./shell.module.css";

/** Highlights the section the current page belongs to (Settings for any /settings/* page). */
function isActive(pathname: string, href: string): boolean {
  const section = "/" + (href.split("/")[1] ?? "");
  return pathname === href || pathname.startsWith(section + "/") || pathname === section;
}

export function SidebarNav() {
  const pathname = usePathname() ?? "";
  return (
    <nav className={styles.nav} aria-label="Cockpit">
      {NAV_LINKS.map((link) => {
        const active = isActive(pathname, link.href);
        return (
          <Link
            key={link.href}
            href={link.href}
            className={active ? `${styles.link} ${styles.active}` : styles.link}
            aria-current={active ? "page" : undefined}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
