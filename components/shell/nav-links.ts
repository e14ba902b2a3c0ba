/** The cockpit's sections, in sidebar order. */
export const NAV_LINKS = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/journey", label: "Journey" },
  { href: "/segments", label: "Segments" },
  { href: "/guard", label: "Guard" },
  { href: "/whatsapp", label: "WhatsApp" },
  { href: "/spend", label: "Spend" },
  { href: "/report", label: "Report" },
  { href: "/settings/tokens", label: "Settings" },
] as const;
