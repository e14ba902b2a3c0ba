import { IST_OFFSET_MS } from "@/lib/time";

/**
 * An instant as the owner reads it: "YYYY-MM-DD HH:mm IST". Asia/Kolkata is a fixed +05:30 (no
 * DST), so shifting by the offset is exact and the server renders the same text in any TZ.
 */
export function istDateTime(d: Date | string | null): string {
  if (d === null) return "";
  const ms = new Date(d).getTime();
  return new Date(ms + IST_OFFSET_MS).toISOString().replace("T", " ").slice(0, 16) + " IST";
}
