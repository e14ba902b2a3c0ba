import { describe, expect, it } from "vitest";
import { istDateTime } from "@/components/guard/ist-time";

describe("guard page times are shown in Asia/Kolkata", () => {
  it("shifts a UTC instant by +05:30 and labels it IST", () => {
    expect(istDateTime(new Date("2026-11-24T06:30:00Z"))).toBe("2026-11-24 12:00 IST");
  });

  it("rolls over to the next IST day from 18:30 UTC", () => {
    expect(istDateTime(new Date("2026-11-07T18:29:00Z"))).toBe("2026-11-07 23:59 IST");
    expect(istDateTime("2026-11-07T18:30:00.000Z")).toBe("2026-11-08 00:00 IST");
  });

  it("renders nothing for a missing time", () => {
    expect(istDateTime(null)).toBe("");
  });
});
