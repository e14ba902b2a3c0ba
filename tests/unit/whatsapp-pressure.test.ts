import { describe, expect, it } from "vitest";
import { earliestWithinBudget, fitsBudget } from "@/lib/whatsapp/outbox/pressure";

const DAY = 24 * 60 * 60 * 1000;
const budget = { max: 2, windowMs: 7 * DAY };

describe("contact-pressure budget arithmetic", () => {
  it("allows up to max in a window and refuses one more", () => {
    expect(fitsBudget([], 0, budget)).toBe(true);
    expect(fitsBudget([0], DAY, budget)).toBe(true);
    expect(fitsBudget([0, DAY], 2 * DAY, budget)).toBe(false);
  });

  it("frees a slot at exactly the instant the oldest counted message leaves the window", () => {
    const counted = [0, 3 * DAY];
    expect(fitsBudget(counted, 7 * DAY - 1, budget)).toBe(false);
    expect(fitsBudget(counted, 7 * DAY, budget)).toBe(true);
    expect(earliestWithinBudget(counted, 4 * DAY, budget)).toBe(7 * DAY);
  });

  it("counts messages scheduled in the future too", () => {
    // One sent now, one scheduled in 5 days: a third in 2 days would put three in one window.
    expect(fitsBudget([0, 5 * DAY], 2 * DAY, budget)).toBe(false);
    // The earliest slot is once the first has left and the window after it still holds only one.
    expect(earliestWithinBudget([0, 5 * DAY], 2 * DAY, budget)).toBe(7 * DAY);
    // And a slot must not crowd a later scheduled pair either.
    expect(earliestWithinBudget([10 * DAY, 11 * DAY], 0, budget)).toBe(0);
    expect(fitsBudget([10 * DAY, 11 * DAY], 5 * DAY, budget)).toBe(false);
  });

  it("agrees with a brute-force check of every window", () => {
    const brute = (counted: number[], at: number, max: number, w: number) => {
      const all = [...counted, at];
      for (let s = at - w + 1; s <= at; s += 1) {
        if (all.filter((t) => t >= s && t < s + w).length > max) return false;
      }
      return true;
    };
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 400; i++) {
      const w = 10;
      const max = 1 + Math.floor(rnd() * 3);
      const counted = Array.from({ length: Math.floor(rnd() * 5) }, () => Math.floor(rnd() * 40));
      const at = Math.floor(rnd() * 40);
      expect(fitsBudget(counted, at, { max, windowMs: w })).toBe(brute(counted, at, max, w));
      const e = earliestWithinBudget(counted, at, { max, windowMs: w });
      let ref = at;
      while (!brute(counted, ref, max, w)) ref += 1;
      expect(e).toBe(ref);
    }
  });

  it("allows nothing with a budget of zero", () => {
    expect(earliestWithinBudget([], 0, { max: 0, windowMs: DAY })).toBeNull();
  });
});
