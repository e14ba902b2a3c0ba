import { describe, expect, it } from "vitest";
import { formatInr, formatInrCompact, MoneyError, paiseToRupeeString, rupeesToPaise } from "@/lib/money";

describe("rupeesToPaise converts Medusa's decimal rupees without float drift", () => {
  it.each([
    [499.5, 49950],
    ["499.50", 49950],
    [{ value: "1499.5" }, 149950],
    [0, 0],
    ["0.01", 1],
    [1.005, 101], // 1.005 * 100 = 100.49999999999999 in floats; the string "1.005" rounds half up
    [1.15, 115], // 1.15 * 100 = 114.99999999999999
    [19.99, 1999],
    ["14999", 1499900],
    [-250.75, -25075],
  ])("%j → %i paise", (input, expected) => {
    expect(rupeesToPaise(input)).toBe(expected);
  });

  describe("sub-paisa amounts round half away from zero to the nearest paisa", () => {
    it.each([
      ["0.124", 12],
      ["0.125", 13],
      ["0.1249999", 12],
      ["0.135", 14],
      ["-0.125", -13],
      ["-0.124", -12],
      ["99.995", 10000],
      [{ value: "1180.0847457627" }, 118008],
    ])("%j → %i", (input, expected) => {
      expect(rupeesToPaise(input)).toBe(expected);
    });
  });

  it("keeps totals in crores exact", () => {
    expect(rupeesToPaise("12345678.91")).toBe(1234567891); // ₹1.23 Cr
    expect(rupeesToPaise("98765432109.99")).toBe(9876543210999); // ₹9,876 Cr
    expect(rupeesToPaise(12345678.91)).toBe(1234567891);
  });

  it("reads exponent notation that JavaScript prints for very small and very large numbers", () => {
    expect(rupeesToPaise(1e-7)).toBe(0);
    expect(rupeesToPaise("5e-3")).toBe(1);
    expect(rupeesToPaise("1.5e3")).toBe(150000);
  });

  it("refuses amounts it cannot store exactly, and non-numbers", () => {
    expect(() => rupeesToPaise(1e21)).toThrow(MoneyError);
    expect(() => rupeesToPaise("abc")).toThrow(MoneyError);
    expect(() => rupeesToPaise("")).toThrow(MoneyError);
    expect(() => rupeesToPaise(Number.NaN)).toThrow(MoneyError);
    expect(() => rupeesToPaise("1,499")).toThrow(MoneyError);
  });
});

describe("paise back to rupees and display", () => {
  it("writes two decimal places", () => {
    expect(paiseToRupeeString(49950)).toBe("499.50");
    expect(paiseToRupeeString(5)).toBe("0.05");
    expect(paiseToRupeeString(-101)).toBe("-1.01");
  });

  it("groups digits the Indian way", () => {
    expect(formatInr(123456789)).toBe("₹12,34,567.89");
    expect(formatInr(99900)).toBe("₹999.00");
    expect(formatInr(1000000000, { decimals: false })).toBe("₹1,00,00,000");
    expect(formatInr(-150050)).toBe("-₹1,500.50");
  });

  it("shortens to lakh and crore", () => {
    expect(formatInrCompact(4_20_00_000_00)).toBe("₹4.2 Cr");
    expect(formatInrCompact(12_50_000_00)).toBe("₹12.5 L");
    expect(formatInrCompact(8_400_00)).toBe("₹8.4k");
    expect(formatInrCompact(399_00)).toBe("₹399");
  });
});
