import { describe, expect, it } from "vitest";
import { addDays, daysInclusive, isIstDay, istDay, istDayStart, istWindow } from "@/lib/time";

describe("business days are cut in Asia/Kolkata", () => {
  it("puts 18:29 UTC on the same IST day and 18:30 UTC on the next", () => {
    expect(istDay(new Date("2026-11-07T18:29:59.999Z"))).toBe("2026-11-07");
    expect(istDay(new Date("2026-11-07T18:30:00.000Z"))).toBe("2026-11-08");
  });

  it("starts an IST day at 18:30 UTC the day before", () => {
    expect(istDayStart("2026-11-08").toISOString()).toBe("2026-11-07T18:30:00.000Z");
    expect(istDayStart("2026-01-01").toISOString()).toBe("2025-12-31T18:30:00.000Z");
  });

  it("makes windows inclusive of both calendar days", () => {
    const w = istWindow("2026-10-01", "2026-10-31");
    expect(w.start.toISOString()).toBe("2026-09-30T18:30:00.000Z");
    expect(w.end.toISOString()).toBe("2026-10-31T18:30:00.000Z");
    expect(daysInclusive("2026-10-01", "2026-10-31")).toBe(31);
    expect(daysInclusive("2026-10-05", "2026-10-05")).toBe(1);
    expect(() => istWindow("2026-10-02", "2026-10-01")).toThrow(RangeError);
  });

  it("adds days across months, years and leap days", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("rejects impossible dates", () => {
    expect(isIstDay("2026-02-29")).toBe(false);
    expect(isIstDay("2026-13-01")).toBe(false);
    expect(isIstDay("2026-1-01")).toBe(false);
    expect(isIstDay("2028-02-29")).toBe(true);
  });
});
