import type { Clock } from "@/lib/time";

/*
 * Paces sends from one WhatsApp number at its throughput (80 messages/s by default): a token
 * bucket of one token, i.e. send slots `1/rate` apart, handed out in order to concurrent senders.
 * Slots alone let a late event loop (a GC pause, a long query on the same thread) release every
 * overdue sender at once, so a second could carry `rate × (1 + stall)` sends and draw 130429s;
 * the pacer also keeps its last `rate` release times and releases nobody while the trailing
 * second already holds `rate`, so no window of one second ever carries more than the rate.
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
  /** The last `window.length` release times, oldest at `head`: a ring, so a release costs O(1). */
  private window: number[] = [];
  private head = 0;

  constructor(ratePerSecond: number) {
    this.rate = ratePerSecond;
    this.intervalMs = 1000 / Math.max(ratePerSecond, 0.001);
    this.window = new Array<number>(windowSize(ratePerSecond)).fill(-Infinity);
  }

  get ratePerSecond(): number {
    return this.rate;
  }

  setRate(ratePerSecond: number): void {
    this.rate = ratePerSecond;
    this.intervalMs = 1000 / Math.max(ratePerSecond, 0.001);
    // Keep the most recent releases, so a lowered rate counts what was already sent this second.
    const recent = [...this.window.slice(this.head), ...this.window.slice(0, this.head)];
    const size = windowSize(ratePerSecond);
    this.window =
      recent.length >= size
        ? recent.slice(recent.length - size)
        : [...new Array<number>(size - recent.length).fill(-Infinity), ...recent];
    this.head = 0;
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
      // The trailing second is full when its oldest of `rate` releases is under a second old:
      // wait until that one ages out (the loop was late and others caught up meanwhile).
      for (let full = this.fullUntil(); full > after; full = this.fullUntil()) {
        await sleep(Math.max(1, Math.ceil(full - after)));
        after = clock.now().getTime();
        if (this.haltedUntil > after) return false;
      }
      if (this.haltedUntil > after) return false;
      // A pause that began while this sender slept (a 130429 from another send) moves it back.
      if (this.pausedUntil <= after) {
        if (this.window.length > 0) {
          this.window[this.head] = after;
          this.head = (this.head + 1) % this.window.length;
        }
        return true;
      }
    }
  }

  /** Until when the trailing second holds `rate` releases already (the oldest's age-out). */
  private fullUntil(): number {
    return this.window.length === 0 ? -Infinity : this.window[this.head]! + 1000;
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

/*
 * Meta's highest throughput is 1,000/s and the settings cap the rate there; a rate above this is
 * a benchmark measuring the pipeline's own ceiling, where keeping every release time would cost
 * memory and measure nothing, so only the slots pace it.
 */
const WINDOW_LIMIT = 10_000;

/** How many releases one second may hold: the rate, and at least one so a slow rate still sends. */
function windowSize(ratePerSecond: number): number {
  return ratePerSecond > WINDOW_LIMIT ? 0 : Math.max(1, Math.floor(ratePerSecond));
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
