import type { Clock } from "@/lib/time";

/*
 * Paces sends from one WhatsApp number at its throughput (80 messages/s by default): a token
 * bucket of one token, i.e. send slots `1/rate` apart, handed out in order to concurrent senders.
 * One pacer per phone number per process, so every dispatch batch (a broadcast, the flows, the
 * poller) shares the number's budget. A 130429 pauses the number; an account-level error
 * (token, policy block) halts it, and dispatch then claims nothing until the halt ends.
 */

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, Math.max(0, ms));
    t.unref?.();
  });

export class Pacer {
  private intervalMs: number;
  private rate: number;
  private nextSlot = 0;
  private pausedUntil = 0;
  private haltedUntil = 0;
  private haltReason: string | null = null;

  constructor(ratePerSecond: number) {
    this.rate = ratePerSecond;
    this.intervalMs = 1000 / Math.max(ratePerSecond, 0.001);
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  setRate(ratePerSecond: number): void {
    this.rate = ratePerSecond;
    this.intervalMs = 1000 / Math.max(ratePerSecond, 0.001);
  }

  /**
   * Waits for this sender's slot: slots are reserved synchronously, so N concurrent callers get N
   * distinct slots `interval` apart, and N sends take at least (N - 1) / rate. Returns false when
   * the number was halted meanwhile (the caller must not send).
   */
  async acquire(clock: Clock, sleep: Sleep): Promise<boolean> {
    for (;;) {
      const now = clock.now().getTime();
      if (this.haltedUntil > now) return false;
      const slot = Math.max(now, this.nextSlot, this.pausedUntil);
      this.nextSlot = slot + this.intervalMs;
      // Waits under a millisecond are not slept (timers cannot, and the slot stays reserved, so
      // the average rate holds). A timer may fire a little early: sleep again for the rest.
      let after = clock.now().getTime();
      while (slot - after >= 1) {
        await sleep(Math.ceil(slot - after));
        after = clock.now().getTime();
        if (this.haltedUntil > after) return false;
      }
      if (this.haltedUntil > after) return false;
      // A pause that began while this sender slept (a 130429 from another send) moves it back.
      if (this.pausedUntil <= after) return true;
    }
  }

  /** Every send from the number waits until `untilMs` (throughput exceeded). */
  pause(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
    this.nextSlot = Math.max(this.nextSlot, this.pausedUntil);
  }

  /** No sends at all until `untilMs` (the account cannot send); dispatch returns at once. */
  halt(untilMs: number, reason: string): void {
    this.haltedUntil = Math.max(this.haltedUntil, untilMs);
    this.haltReason = reason;
  }

  halted(now: number): { until: Date; reason: string } | null {
    return this.haltedUntil > now
      ? { until: new Date(this.haltedUntil), reason: this.haltReason ?? "" }
      : null;
  }

  /** Lifts a halt early (the owner fixed the token). */
  resume(): void {
    this.haltedUntil = 0;
    this.haltReason = null;
  }
}

const g = globalThis as unknown as { __koshaWaPacers?: Map<string, Pacer> };
const pacers = (g.__koshaWaPacers ??= new Map());

/** The process's pacer for a phone number, at the given rate (a changed setting takes effect). */
export function pacerFor(phoneNumberId: string, ratePerSecond: number): Pacer {
  let p = pacers.get(phoneNumberId);
  if (!p) {
    p = new Pacer(ratePerSecond);
    pacers.set(phoneNumberId, p);
  } else if (p.ratePerSecond !== ratePerSecond) {
    p.setRate(ratePerSecond);
  }
  return p;
}

/** For tests: forget every pacer. */
export function resetPacers(): void {
  pacers.clear();
}
