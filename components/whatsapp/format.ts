import { IST_OFFSET_MS } from "@/lib/time";

/*
 * How the WhatsApp pages write things. Asia/Kolkata is a fixed +05:30 (no DST), so shifting by the
 * offset is exact and server and browser render the same text whatever their own time zone.
 */
export function istDateTime(d: Date | string | null | undefined): string {
  if (d === null || d === undefined) return "";
  return (
    new Date(new Date(d).getTime() + IST_OFFSET_MS).toISOString().replace("T", " ").slice(0, 16) + " IST"
  );
}

export const count = (n: number) => n.toLocaleString("en-IN");

export const pct = (part: number, whole: number) =>
  whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : "—";

export const FLOW_LABELS: Record<string, string> = {
  cart_recovery: "Cart recovery",
  order_update: "Order updates",
  broadcast: "Broadcasts",
  catalog: "Catalog sync",
  reply: "Replies",
  owner: "Sent by you",
};

export const flowLabel = (flow: string) => FLOW_LABELS[flow] ?? flow;

/** Badge tone for a template or message status. */
export function statusTone(status: string): "good" | "warn" | "bad" | undefined {
  switch (status.toUpperCase()) {
    case "APPROVED":
    case "DELIVERED":
    case "READ":
    case "DONE":
      return "good";
    case "PENDING":
    case "PAUSED":
    case "QUEUED":
    case "SENDING":
    case "SKIPPED":
      return "warn";
    case "REJECTED":
    case "DISABLED":
    case "FAILED":
    case "CANCELED":
      return "bad";
    default:
      return undefined;
  }
}
