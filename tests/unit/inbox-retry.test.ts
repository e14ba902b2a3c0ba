import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, retryDelayMs } from "@/lib/inbox";
import { resolveInboundHandler } from "@/lib/ingest";

describe("inbox retry backoff", () => {
  it("doubles from 10 s per failed attempt and caps at 15 min", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map(retryDelayMs)).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 900_000, 900_000,
    ]);
  });

  it("gives up after eight attempts spread over about twenty minutes", () => {
    expect(MAX_ATTEMPTS).toBe(8);
    let total = 0;
    for (let a = 1; a < MAX_ATTEMPTS; a++) total += retryDelayMs(a);
    expect(total / 60_000).toBeCloseTo(21.2, 1);
  });
});

describe("inbound handler composition root", () => {
  it("knows no handler for unknown sources or inherited object keys", () => {
    expect(resolveInboundHandler("nobody", "order.placed")).toBeUndefined();
    expect(resolveInboundHandler("constructor", "x")).toBeUndefined();
    expect(resolveInboundHandler("__proto__", "x")).toBeUndefined();
  });
});
