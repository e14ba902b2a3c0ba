import { describe, expect, it } from "vitest";
import { systemClock } from "@/lib/time";
import { Pacer, realSleep } from "@/lib/whatsapp/outbox/pacer";
import { peakInWindow } from "../support/sliding-window";
import { virtualTime } from "../support/virtual-time";

describe("pacing sends from one number", () => {
  it("hands concurrent senders slots 1/rate apart: N sends take at least (N-1)/rate", async () => {
    const { clock, sleep } = virtualTime("2025-06-01T10:00:00Z");
    const pacer = new Pacer(80);
    const t0 = clock.now().getTime();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 41 }, async () => {
        expect(await pacer.acquire(clock, sleep)).toBe(true);
        times.push(clock.now().getTime());
      }),
    );
    times.sort((a, b) => a - b);
    expect(Math.max(...times) - t0).toBeGreaterThanOrEqual((40 / 80) * 1000);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(12); // ms clock: 12.5 ms slots land 12 or 13 apart
  });

  it("never releases more than the rate in any one second, even after the event loop was late", async () => {
    const { clock, sleep } = virtualTime("2025-06-01T10:00:00Z");
    const rate = 100;
    const pacer = new Pacer(rate);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 400 }, async () => {
        expect(await pacer.acquire(clock, sleep)).toBe(true);
        times.push(clock.now().getTime());
        // After the 150th send the loop stalls for 300 ms: every sender whose slot fell inside the
        // stall wakes late at once. Slots alone would release all ~30 of them together.
        if (times.length === 150) clock.set(new Date(clock.now().getTime() + 300));
      }),
    );
    times.sort((a, b) => a - b);
    expect(peakInWindow(times, 1000)).toBe(rate);
    // The stall cost time but not throughput beyond it: 400 sends, 300 ms late, about 4.3 s.
    expect(times.at(-1)! - times[0]!).toBeLessThan(4400);
  });

  it("counts what this second already sent when the rate is lowered", async () => {
    const { clock, sleep } = virtualTime("2025-06-01T10:00:00Z");
    const pacer = new Pacer(100);
    const t0 = clock.now().getTime();
    await Promise.all(Array.from({ length: 50 }, () => pacer.acquire(clock, sleep)));
    pacer.setRate(40);
    // 50 went out in the last half second, so the 40/s window is full until the oldest ages out.
    await pacer.acquire(clock, sleep);
    expect(clock.now().getTime() - t0).toBeGreaterThanOrEqual(1000);
  });

  it("holds every sender during a pause, including ones already waiting for a slot", async () => {
    const { clock, sleep } = virtualTime("2025-06-01T10:00:00Z");
    const pacer = new Pacer(10);
    const t0 = clock.now().getTime();
    await pacer.acquire(clock, sleep);
    pacer.pause(t0 + 5000);
    await pacer.acquire(clock, sleep);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(t0 + 5000);
  });

  it("refuses to hand out slots while halted, and says until when", async () => {
    const { clock, sleep } = virtualTime("2025-06-01T10:00:00Z");
    const pacer = new Pacer(10);
    pacer.halt(clock.now().getTime() + 60_000, "token expired");
    expect(await pacer.acquire(clock, sleep)).toBe(false);
    expect(pacer.halted(clock.now().getTime())?.reason).toBe("token expired");
    clock.advance(60_000);
    expect(pacer.halted(clock.now().getTime())).toBeNull();
    expect(await pacer.acquire(clock, sleep)).toBe(true);
  });

  it("in real time, 11 sends at 50/s take at least 200 ms", async () => {
    const pacer = new Pacer(50);
    const start = performance.now();
    await Promise.all(Array.from({ length: 11 }, () => pacer.acquire(systemClock, realSleep)));
    expect(performance.now() - start).toBeGreaterThanOrEqual(199);
  });
});
