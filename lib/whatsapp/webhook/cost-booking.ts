import type { Db } from "@/db";
import type { Clock } from "@/lib/time";
import { bookMessageCosts } from "../costs";

/*
 * Delivered-message costs into the KPI spend (lib/whatsapp/costs bookMessageCosts re-books whole
 * IST days and refreshes the rollups under their lock). At thousands of status webhooks a second
 * that must not run once per batch: days are collected and booked by at most one booking at a
 * time per database, and batches never wait for it. A booking that fails (or a process that
 * stops first) leaves that day's cost to the next booking of the day or a rollup rebuild;
 * re-booking is always safe because it recomputes the day whole.
 */
interface Booker {
  pending: Set<string>;
  running: Promise<void> | undefined;
}
const bookers = new WeakMap<Db, Booker>();

export function scheduleCostBooking(db: Db, clock: Clock, days: readonly string[]): void {
  if (days.length === 0) return;
  let b = bookers.get(db);
  if (!b) {
    b = { pending: new Set(), running: undefined };
    bookers.set(db, b);
  }
  for (const d of days) b.pending.add(d);
  if (!b.running) b.running = run(db, clock, b);
}

async function run(db: Db, clock: Clock, b: Booker): Promise<void> {
  try {
    while (b.pending.size > 0) {
      const days = [...b.pending].sort();
      b.pending.clear();
      try {
        await bookMessageCosts(db, clock, days);
      } catch (e) {
        console.warn(
          JSON.stringify({ level: "warn", msg: "whatsapp cost booking failed", days, error: String(e) }),
        );
      }
    }
  } finally {
    b.running = undefined;
  }
}

/** Resolves once every cost booking scheduled so far on this database is done (tests, shutdown). */
export async function costBookingsSettled(db: Db): Promise<void> {
  for (let b = bookers.get(db); b?.running;) await b.running;
}
